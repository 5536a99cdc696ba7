// Runs inside convbp.js (emcc --pre-js) before the module starts: the
// settings folder restored from IndexedDB, and the page's input events
// counted so the app draws only when something happened (web_main.cpp).
Module.preRun = Module.preRun || [];
Module.preRun.push(function() {
  FS.mkdir('/persist');
  FS.mount(IDBFS, {}, '/persist');
  addRunDependency('convbp-settings');
  FS.syncfs(true, function(error) {
    if (error) console.warn('convbp: browser storage not readable: ' + error);
    removeRunDependency('convbp-settings');
  });
});
Module.convbpEvents = 0;
['pointerdown', 'pointermove', 'pointerup', 'mousedown', 'mousemove', 'mouseup', 'wheel',
 'keydown', 'keyup', 'touchstart', 'touchmove', 'touchend', 'resize', 'focus', 'blur']
    .forEach(function(type) {
      window.addEventListener(type, function() { Module.convbpEvents++; },
                              {capture: true, passive: true});
    });
function convbpSaveSettings() {
  if (Module['_convbp_web_save']) Module['_convbp_web_save']();
}
document.addEventListener('visibilitychange', function() {
  if (document.visibilityState === 'hidden') convbpSaveSettings();
});
window.addEventListener('pagehide', convbpSaveSettings);
