/*
 * Mermaid on demand, from this site only.
 *
 * mermaid2 adds the pinned Mermaid script to the pages that hold a diagram, at
 * the end of <body>. With instant navigation, Material swaps the page content
 * without running those scripts: when a reader comes from a page without a
 * diagram, no global `mermaid` exists and Material would fetch Mermaid from a
 * CDN. This stand-in is that global until the real one is needed: Material
 * calls initialize() then render(); render() imports the pinned ES module
 * served by the site (the one mermaid2 uses, passed by overrides/main.html),
 * hands it the configuration and draws. The real Mermaid then replaces this
 * object. The ES module build fetches only the parts a diagram needs (about
 * 230 KB compressed for a flowchart, against 1 MB for the single-file build),
 * and pages without a diagram never download Mermaid at all.
 */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || typeof window.mermaid !== "undefined") return;
  var source = new URL(script.getAttribute("data-library"), location.href).href;
  var options;
  var loading;

  function load() {
    loading = loading || import(source).then(
      function (module) {
        var mermaid = module.default;
        mermaid.initialize(options);
        window.mermaid = mermaid;
        return mermaid;
      },
      function () {
        loading = undefined;
        throw new Error("Mermaid introuvable : " + source);
      }
    );
    return loading;
  }

  window.mermaid = {
    initialize: function (config) {
      options = config;
    },
    render: function (id, text) {
      return load().then(function (mermaid) {
        return mermaid.render(id, text);
      });
    }
  };
})();
