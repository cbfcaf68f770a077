// The one Leaflet set-up of the console and the portal (docs/console.md): the queue's map view,
// the admin's "test a point" and the call desk's point picker come through here, and the
// portal's maps (portal.js) load Leaflet with it, so Leaflet is loaded one way. Leaflet is the vendored copy (/static/vendor/leaflet: same origin,
// so the CSP's script-src 'self' allows it), fetched only on a page that has a map.
//
//   c311Map.load(done)        loads Leaflet once (the page's concurrent callers wait for the
//                             same load) and calls done(L).
//   c311Map.open(el, ready)   shows the map in `el` (data-tiles, data-attribution,
//                             data-center-lat, data-center-lon) and calls ready(L, map).
//   <div data-map-pick data-lat-input="ID" data-lon-input="ID" [data-status="ID"]>
//                             a point picker: a click or tap writes the point into the two
//                             inputs (and, with data-status, "{lat}, {lon}" into that element's
//                             data-template, read out by its live region); a point already in the
//                             inputs is shown. The inputs stay the way to type or keep a point
//                             without a map (keyboard, screen reader, no script).
(function () {
  'use strict';
  var waiting = null;

  function load(done) {
    if (window.L) { done(window.L); return; }
    if (waiting) { waiting.push(done); return; }
    waiting = [done];
    var css = document.createElement('link');
    css.rel = 'stylesheet';
    css.href = '/static/vendor/leaflet/leaflet.css';
    document.head.appendChild(css);
    var lib = document.createElement('script');
    lib.src = '/static/vendor/leaflet/leaflet.js';
    lib.onload = function () {
      var L = window.L, all = waiting;
      waiting = null;
      L.Icon.Default.imagePath = '/static/vendor/leaflet/images/';
      all.forEach(function (fn) { fn(L); });
    };
    document.head.appendChild(lib);
  }

  function num(el, name) { var v = parseFloat(el.getAttribute(name)); return isNaN(v) ? null : v; }

  function open(el, ready) {
    load(function (L) {
      el.hidden = false;
      var map = L.map(el, { scrollWheelZoom: false });
      L.tileLayer(el.getAttribute('data-tiles'), {
        maxZoom: 19, attribution: el.getAttribute('data-attribution')
      }).addTo(map);
      map.c311Centre = function (zoom) {
        map.setView([num(el, 'data-center-lat'), num(el, 'data-center-lon')], zoom);
      };
      ready(L, map);
    });
  }

  function picker(el) {
    var latInput = document.getElementById(el.getAttribute('data-lat-input'));
    var lonInput = document.getElementById(el.getAttribute('data-lon-input'));
    var status = document.getElementById(el.getAttribute('data-status') || '');
    if (!latInput || !lonInput) return;
    // Words that speak of the map are shown only once there is one.
    var hint = document.getElementById(el.getAttribute('aria-describedby') || '');
    open(el, function (L, map) {
      if (hint) hint.hidden = false;
      var marker = null;
      function place(lat, lon) {
        if (marker) marker.setLatLng([lat, lon]);
        else marker = L.circleMarker([lat, lon], { radius: 8, weight: 3 }).addTo(map);
      }
      var lat = parseFloat(latInput.value), lon = parseFloat(lonInput.value);
      if (!isNaN(lat) && !isNaN(lon)) {
        map.setView([lat, lon], 16);
        place(lat, lon);
      } else {
        map.c311Centre(13);
      }
      map.on('click', function (e) {
        latInput.value = e.latlng.lat.toFixed(6);
        lonInput.value = e.latlng.lng.toFixed(6);
        place(e.latlng.lat, e.latlng.lng);
        if (status) {
          status.textContent = (status.getAttribute('data-template') || '{lat}, {lon}')
            .replace('{lat}', latInput.value).replace('{lon}', lonInput.value);
          status.hidden = false;
        }
      });
    });
  }

  window.c311Map = { load: load, open: open };
  document.querySelectorAll('[data-map-pick]').forEach(picker);
})();
