// The admin screens' "test a point" map (docs/console.md, "Admin"): a click or tap on the map
// fills in latitude and longitude; a point already entered is shown. Leaflet is the vendored
// copy (/static/vendor/leaflet, as the portal and the queue map load it: same origin, so the
// CSP's script-src 'self' allows it). Without scripts the form works with typed numbers.
(function () {
  'use strict';
  var el = document.getElementById('route-map');
  if (!el) return;
  var latInput = document.getElementById('lat'), lonInput = document.getElementById('long');
  var css = document.createElement('link');
  css.rel = 'stylesheet';
  css.href = '/static/vendor/leaflet/leaflet.css';
  document.head.appendChild(css);
  var lib = document.createElement('script');
  lib.src = '/static/vendor/leaflet/leaflet.js';
  lib.onload = function () {
    var L = window.L;
    el.hidden = false;
    var map = L.map(el, { scrollWheelZoom: false });
    L.tileLayer(el.getAttribute('data-tiles'), {
      maxZoom: 19, attribution: el.getAttribute('data-attribution')
    }).addTo(map);
    var marker = null;
    function place(lat, lon) {
      if (marker) marker.setLatLng([lat, lon]);
      else marker = L.circleMarker([lat, lon], { radius: 8, weight: 3 }).addTo(map);
    }
    var lat = parseFloat(latInput.value), lon = parseFloat(lonInput.value);
    if (!isNaN(lat) && !isNaN(lon)) {
      map.setView([lat, lon], 15);
      place(lat, lon);
    } else {
      map.setView([parseFloat(el.getAttribute('data-center-lat')),
                   parseFloat(el.getAttribute('data-center-lon'))], 13);
    }
    map.on('click', function (e) {
      latInput.value = e.latlng.lat.toFixed(6);
      lonInput.value = e.latlng.lng.toFixed(6);
      place(e.latlng.lat, e.latlng.lng);
    });
  };
  document.head.appendChild(lib);
})();
