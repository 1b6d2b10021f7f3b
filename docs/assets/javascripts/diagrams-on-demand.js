/*
 * Mermaid on demand, from this site only.
 *
 * mermaid2 adds the pinned Mermaid script to the pages that hold a diagram, at
 * the end of <body>. With instant navigation, Material swaps the page content
 * without running those scripts: when a reader comes from a page without a
 * diagram, no global `mermaid` exists and Material would fetch Mermaid from a
 * CDN. This stand-in is that global until the real one is needed: Material
 * calls initialize() then render(); render() loads the pinned file served by
 * the site (the one mermaid2 uses, passed by overrides/main.html), hands it
 * the configuration and draws. The real Mermaid then replaces this object.
 * Pages without a diagram never download Mermaid.
 */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || typeof window.mermaid !== "undefined") return;
  var source = new URL(script.getAttribute("data-library"), location.href).href;
  var options;
  var loading;

  function load() {
    loading = loading || new Promise(function (resolve, reject) {
      var tag = document.createElement("script");
      tag.src = source;
      tag.onload = resolve;
      tag.onerror = function () {
        loading = undefined;
        reject(new Error("Mermaid introuvable : " + source));
      };
      document.head.appendChild(tag);
    }).then(function () {
      window.mermaid.initialize(options);
      return window.mermaid;
    });
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
