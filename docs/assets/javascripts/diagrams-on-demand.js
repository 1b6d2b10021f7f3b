/*
 * Mermaid on demand, from this site only.
 *
 * mermaid2 adds the pinned Mermaid script to the pages that hold a diagram, at
 * the end of <body>. With instant navigation, Material swaps the page content
 * without running those scripts: when a reader comes from a page without a
 * diagram, no global `mermaid` exists and Material would fetch Mermaid from a
 * CDN. This stand-in is that global until the real one is needed: Material
 * calls initialize() then render(). render() waits until the diagram is about
 * to be seen, imports the pinned ES module served by the site (the one mermaid2
 * uses, passed by overrides/main.html), hands it the configuration and draws,
 * one diagram per task. This object stays the global, so that diagrams further
 * down and on the next pages are drawn the same way.
 *
 * What a reader downloads: the ES module build fetches only the parts a
 * diagram needs (about 230 KB compressed for a flowchart, against 1 MB for the
 * single-file build); a page without a diagram, or whose diagrams the reader
 * never scrolls near, fetches no Mermaid at all; on a phone, the text is
 * readable and the page responds before any diagram is drawn.
 */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || typeof window.mermaid !== "undefined") return;
  var source = new URL(script.getAttribute("data-library"), location.href).href;
  var options;
  var loading;

  var drawing = Promise.resolve();
  var claimed = new WeakSet();

  function load() {
    loading = loading || import(source).then(
      function (module) {
        module.default.initialize(options);
        return module.default;
      },
      function () {
        loading = undefined;
        throw new Error("Mermaid introuvable : " + source);
      }
    );
    return loading;
  }

  // The block that Material is about to replace with the drawing of `text`.
  function blockOf(text) {
    var blocks = document.querySelectorAll("pre.mermaid");
    for (var i = 0; i < blocks.length; i++) {
      if (!claimed.has(blocks[i]) && blocks[i].textContent === text) {
        claimed.add(blocks[i]);
        return blocks[i];
      }
    }
    return null;
  }

  // Resolves once `block` is less than a screen away from what the reader
  // sees. The printable page draws everything at once: it is meant to print.
  function near(block) {
    var eager = !block || !("IntersectionObserver" in window) ||
      document.getElementById("print-site-page");
    if (eager) return Promise.resolve();
    return new Promise(function (resolve) {
      var observer = new IntersectionObserver(function (entries) {
        if (entries.some(function (entry) { return entry.isIntersecting; })) {
          observer.disconnect();
          resolve();
        }
      }, { rootMargin: "100% 0px" });
      observer.observe(block);
    });
  }

  // One drawing per task, so that the page answers the reader in between.
  function nextTask() {
    return new Promise(function (resolve) { setTimeout(resolve, 0); });
  }

  window.mermaid = {
    initialize: function (config) {
      options = config;
    },
    render: function (id, text) {
      return near(blockOf(text)).then(load).then(function (mermaid) {
        var turn = drawing.then(nextTask).then(function () {
          return mermaid.render(id, text);
        });
        drawing = turn.catch(function () {});
        return turn;
      });
    }
  };
})();
