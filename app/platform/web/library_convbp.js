// The page's side of web_bridge.h, linked into convbp.js (emcc --js-library):
// URL, downloads, clipboard, file picker, browser storage.
mergeInto(LibraryManager.library, {
  convbp_js_page_url: function(base_only) {
    var url = base_only ? location.origin + location.pathname : location.href;
    var size = lengthBytesUTF8(url) + 1;
    var ptr = _malloc(size);
    stringToUTF8(url, ptr, size);
    return ptr;
  },

  convbp_js_event_count: function() {
    return (Module.convbpEvents || 0) >>> 0;
  },

  convbp_js_mark_first_frame: function() {
    if (!Module.convbpFirstFrameMs) Module.convbpFirstFrameMs = performance.now();
  },

  // Every file of a folder (a frames export) downloads one at a time.
  convbp_js_download: function(path_ptr) {
    var path = UTF8ToString(path_ptr);
    var files = [];
    if (FS.isDir(FS.stat(path).mode)) {
      FS.readdir(path).sort().forEach(function(name) {
        if (name !== '.' && name !== '..') files.push(path.replace(/\/$/, '') + '/' + name);
      });
    } else {
      files.push(path);
    }
    files.forEach(function(file) {
      var name = file.split('/').pop();
      var data = FS.readFile(file);
      var type = /\.gif$/.test(name) ? 'image/gif' :
                 /\.png$/.test(name) ? 'image/png' : 'application/json';
      Module.convbpDownloads = Module.convbpDownloads || [];
      Module.convbpDownloads.push({name: name, data: data});
      var url = URL.createObjectURL(new Blob([data], {type: type}));
      var a = document.createElement('a');
      a.href = url;
      a.download = name;
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(function() { URL.revokeObjectURL(url); }, 60000);
    });
  },

  convbp_js_copy_text: function(text_ptr) {
    var text = UTF8ToString(text_ptr);
    Module.convbpLastCopy = text;
    function fallback() {
      var area = document.createElement('textarea');
      area.value = text;
      document.body.appendChild(area);
      area.select();
      try { document.execCommand('copy'); } catch (e) {}
      area.remove();
    }
    if (navigator.clipboard && navigator.clipboard.writeText)
      navigator.clipboard.writeText(text).catch(fallback);
    else
      fallback();
  },

  convbp_js_pick_case_file: function() {
    var input = document.createElement('input');
    input.type = 'file';
    input.accept = '.json,application/json';
    input.onchange = function() {
      var file = input.files && input.files[0];
      if (!file) return;
      file.arrayBuffer().then(function(buffer) {
        try { FS.mkdir('/picked'); } catch (e) {}
        var path = '/picked/' + file.name.replace(/[\/\\]/g, '_');
        FS.writeFile(path, new Uint8Array(buffer));
        Module.ccall('convbp_web_open_case', null, ['string'], [path]);
      });
    };
    Module.convbpPicker = input;  // the tests hand it a file
    input.click();
  },

  convbp_js_persist: function() {
    FS.syncfs(false, function(error) {
      if (error) console.warn('convbp: settings not saved to browser storage: ' + error);
    });
  },

  convbp_js_replace_url: function(url_ptr) {
    try { history.replaceState(null, '', UTF8ToString(url_ptr)); } catch (e) {}
  },
});
