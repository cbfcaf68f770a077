// civic311 portal: progressive enhancement only. Every page works without this file; with it the
// report flow gets the map, address search, live filtering, answers while typing, focus
// management and offline drafts. No inline scripts anywhere (the CSP forbids them).
(function () {
  'use strict';
  var body = document.body;
  var msg = function (name) { return body.getAttribute('data-msg-' + name) || ''; };
  var $ = function (sel, root) { return (root || document).querySelector(sel); };
  var $$ = function (sel, root) { return Array.prototype.slice.call((root || document).querySelectorAll(sel)); };

  function status(text, html) {
    var box = $('#app-status');
    if (!box) return;
    box.hidden = false;
    box.textContent = text;
    if (html) box.appendChild(html);
  }

  // --- Focus: the error summary first, else the step's heading (GOV.UK pattern).
  function manageFocus() {
    var summary = $('#error-summary');
    if (summary) { summary.focus(); return; }
    var heading = $('#step-heading');
    if (heading && location.pathname !== '/report') heading.focus();
  }

  // --- What: filter the services while typing (the same word stems as the server).
  var common = ['the', 'and', 'for', 'was', 'wasn', 'wasnt', 'isn', 'isnt', 'not', 'there', 'this',
    'that', 'with', 'has', 'have', 'been', 'our', 'you', 'your', 'are', 'los', 'las', 'del', 'una',
    'por', 'para', 'que', 'con', 'mis', 'hay', 'est', 'nuestra', 'nuestro', 'my', 'up'];
  function stems(text) {
    return text.toLowerCase().split(/[^0-9a-z\u00c0-\uffff]+/).filter(function (w) {
      return w.length >= 3 && common.indexOf(w) < 0;
    }).map(function (w) { return w.slice(0, 4); });
  }
  function setupFilter() {
    var input = $('#service-search');
    var list = input && $(input.getAttribute('data-filter'));
    if (!list) return;
    input.addEventListener('input', function () {
      var q = stems(input.value);
      $$('.choice', list).forEach(function (c) {
        var terms = c.getAttribute('data-terms').split(/[^0-9a-z\u00c0-\uffff]+/);
        var hit = q.length === 0 || q.some(function (s) {
          return terms.some(function (t) { return t.indexOf(s) === 0; });
        });
        c.hidden = !hit;
      });
      $$('.group', list).forEach(function (g) {
        g.hidden = $$('.choice', g).every(function (c) { return c.hidden; });
      });
    });
    // Choosing a service moves on: the radio is inside the report form.
  }

  // --- Answers offered while typing a description.
  function setupSuggest() {
    var area = $('[data-suggest]');
    var box = $('#suggestions');
    if (!area || !box) return;
    var timer = null;
    var last = '';
    area.addEventListener('input', function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var text = area.value.trim();
        if (text.length < 8 || text === last) return;
        last = text;
        fetch(area.getAttribute('data-suggest') + '?q=' + encodeURIComponent(text),
              { credentials: 'same-origin' })
          .then(function (r) { return r.json(); })
          .then(function (data) {
            box.textContent = '';
            if (!data.answers || data.answers.length === 0) { box.hidden = true; return; }
            var p = document.createElement('p');
            p.textContent = msg('suggest');
            var ul = document.createElement('ul');
            data.answers.forEach(function (a) {
              var li = document.createElement('li');
              var link = document.createElement('a');
              link.href = a.url;
              link.textContent = a.title;
              link.target = '_blank';
              li.appendChild(link);
              ul.appendChild(li);
            });
            box.appendChild(p);
            box.appendChild(ul);
            box.hidden = false;
          })
          .catch(function () {});
      }, 400);
    });
  }

  // --- Maps (Leaflet, loaded only on pages that have one).
  function loadLeaflet(done) { window.c311Map.load(function () { done(); }); }  // map.js
  function num(el, name) { var v = parseFloat(el.getAttribute(name)); return isNaN(v) ? null : v; }
  function tiles(map, el) {
    window.L.tileLayer(el.getAttribute('data-tiles'), {
      maxZoom: 19, attribution: el.getAttribute('data-attribution')
    }).addTo(map);
  }
  function setupMap() {
    var el = $('#map');
    if (!el) return;
    loadLeaflet(function () {
      var L = window.L;
      L.Icon.Default.imagePath = '/static/vendor/leaflet/images/';
      el.hidden = false;
      var lat = num(el, 'data-lat'), lon = num(el, 'data-lon');
      var clat = num(el, 'data-center-lat'), clon = num(el, 'data-center-lon');
      var map = L.map(el, { scrollWheelZoom: false });
      tiles(map, el);
      if (el.getAttribute('data-static')) {
        map.setView([lat, lon], 16);
        L.marker([lat, lon], { keyboard: false }).addTo(map);
        return;
      }
      var list = el.getAttribute('data-list');
      if (list) {
        var points = [];
        $$('[data-lat]', $(list)).forEach(function (row) {
          var a = num(row, 'data-lat'), b = num(row, 'data-lon');
          if (a === null || b === null) return;
          points.push([a, b]);
          L.circleMarker([a, b], { radius: 6, weight: 2 }).addTo(map)
            .bindPopup('<a href="' + row.getAttribute('data-href') + '"></a>')
            .on('popupopen', function (e) {
              var link = e.popup.getElement().querySelector('a');
              link.textContent = row.querySelector('.row-title').textContent;
            });
        });
        if (points.length) map.fitBounds(points, { maxZoom: 16, padding: [20, 20] });
        else map.setView([clat, clon], 12);
        return;
      }
      // The where step: a draggable pin writes lat/long; "use my location" moves it.
      var latIn = $('#lat'), lonIn = $('#lon');
      var start = lat !== null ? [lat, lon] : [clat, clon];
      map.setView(start, lat !== null ? 17 : 12);
      var pin = L.marker(start, { draggable: true, title: el.getAttribute('data-pin-label'), autoPan: true });
      if (lat !== null) pin.addTo(map);
      function place(ll, reverse) {
        pin.setLatLng(ll);
        if (!map.hasLayer(pin)) pin.addTo(map);
        latIn.value = ll.lat.toFixed(6);
        lonIn.value = ll.lng.toFixed(6);
        var addr = $('#address_string');
        if (reverse && addr && addr.getAttribute('data-geocode')) {
          fetch(addr.getAttribute('data-geocode') + '?lat=' + latIn.value + '&lon=' + lonIn.value)
            .then(function (r) { return r.json(); })
            .then(function (d) { if (d.places && d.places[0]) addr.value = d.places[0].label; })
            .catch(function () {});
        }
      }
      pin.on('dragend', function () { place(pin.getLatLng(), true); });
      map.on('click', function (e) { place(e.latlng, true); });
      var tools = $('.map-tools');
      if (tools) {
        // Keyboard: pan with the arrow keys, then drop the pin where the map is centred.
        tools.hidden = false;
        $('#pin-centre').addEventListener('click', function () {
          place(map.getCenter(), true);
          $('#locate-status').textContent = el.getAttribute('data-placed') + ' ' + latIn.value + ', ' + lonIn.value;
        });
      }
      if (tools && navigator.geolocation) {
        $('#locate').hidden = false;
        $('#locate').addEventListener('click', function () {
          var st = $('#locate-status');
          st.textContent = msg('locating');
          navigator.geolocation.getCurrentPosition(function (p) {
            st.textContent = '';
            var ll = L.latLng(p.coords.latitude, p.coords.longitude);
            map.setView(ll, 17);
            place(ll, true);
          }, function () { st.textContent = msg('locate-failed'); }, { timeout: 10000 });
        });
      }
      setupAddressSearch(function (p) { place(L.latLng(p.lat, p.lon), false); map.setView([p.lat, p.lon], 17); });
    });
  }

  // --- The area-alert form's map (/account/alerts): a pin for the point, a circle for the
  // distance. Keyboard: the map pans with the arrow keys and "put the pin at the centre" places
  // it; each placement is announced. Without this script the address or area fields do the job.
  function setupAlertMap() {
    var el = $('#alert-map');
    if (!el) return;
    loadLeaflet(function () {
      var L = window.L;
      L.Icon.Default.imagePath = '/static/vendor/leaflet/images/';
      $('#alert-map-block').hidden = false;
      var latIn = $('#alert-lat'), lonIn = $('#alert-lon');
      var addr = $('#alert-address'), radius = $('#alert-radius'), said = $('#alert-map-status');
      var lat = num(latIn, 'value'), lon = num(lonIn, 'value');
      var start = lat !== null && lon !== null ? [lat, lon]
        : [num(el, 'data-center-lat'), num(el, 'data-center-lon')];
      var map = L.map(el, { scrollWheelZoom: false });
      tiles(map, el);
      map.setView(start, lat !== null ? 15 : 12);
      var pin = L.marker(start, { draggable: true, title: el.getAttribute('data-pin-label'), autoPan: true });
      var circle = L.circle(start, { radius: Number(radius.value) || 500, weight: 2, fillOpacity: 0.1 });
      function show() {
        if (!map.hasLayer(pin)) { pin.addTo(map); circle.addTo(map); }
        circle.setLatLng(pin.getLatLng());
        circle.setRadius(Number(radius.value) || 500);
      }
      if (lat !== null && lon !== null) show();
      function place(ll, reverse) {
        pin.setLatLng(ll);
        show();
        latIn.value = ll.lat.toFixed(6);
        lonIn.value = ll.lng.toFixed(6);
        said.textContent = el.getAttribute('data-placed') + ' ' + latIn.value + ', ' + lonIn.value;
        if (reverse && addr.getAttribute('data-geocode')) {
          fetch(addr.getAttribute('data-geocode') + '?lat=' + latIn.value + '&lon=' + lonIn.value)
            .then(function (r) { return r.json(); })
            .then(function (d) {
              if (!d.places || !d.places[0]) return;
              addr.value = d.places[0].label;
              said.textContent = el.getAttribute('data-placed') + ' ' + d.places[0].label;
            })
            .catch(function () {});
        }
      }
      pin.on('dragend', function () { place(pin.getLatLng(), true); });
      map.on('click', function (e) { place(e.latlng, true); });
      $('#alert-pin-centre').addEventListener('click', function () { place(map.getCenter(), true); });
      radius.addEventListener('change', function () {
        if (!map.hasLayer(pin)) return;
        show();
        map.fitBounds(circle.getBounds(), { maxZoom: 17 });
      });
      // An address typed by hand (not picked) is found by the server: the pin no longer counts.
      addr.addEventListener('input', function () { latIn.value = ''; lonIn.value = ''; });
      var locate = $('#alert-locate');
      if (navigator.geolocation) {
        locate.hidden = false;
        locate.addEventListener('click', function () {
          said.textContent = msg('locating');
          navigator.geolocation.getCurrentPosition(function (p) {
            var ll = L.latLng(p.coords.latitude, p.coords.longitude);
            map.setView(ll, 15);
            place(ll, true);
          }, function () { said.textContent = msg('locate-failed'); }, { timeout: 10000 });
        });
      }
      setupAddressSearch(function (p) {
        place(L.latLng(p.lat, p.lon), false);
        map.setView([p.lat, p.lon], 15);
      }, addr, $('#alert-address-results'));
    });
  }

  // --- Address search as you type (the gazetteer), when the server has one.
  function setupAddressSearch(onPick, field, list) {
    var input = field || $('#address_string');
    var results = list || $('#address-results');
    if (!input || !results || !input.getAttribute('data-geocode')) return;
    var timer = null;
    input.addEventListener('input', function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        if (input.value.trim().length < 3) { results.hidden = true; return; }
        fetch(input.getAttribute('data-geocode') + '?q=' + encodeURIComponent(input.value))
          .then(function (r) { return r.json(); })
          .then(function (d) {
            results.textContent = '';
            (d.places || []).forEach(function (p) {
              var li = document.createElement('li');
              var b = document.createElement('button');
              b.type = 'button';
              b.textContent = p.label + (p.area ? ' · ' + p.area : '');
              b.addEventListener('click', function () {
                input.value = p.label;
                results.hidden = true;
                onPick(p);
                input.focus();
              });
              li.appendChild(b);
              results.appendChild(li);
            });
            results.hidden = !results.firstChild;
          })
          .catch(function () {});
      }, 300);
    });
  }

  // --- Offline drafts: a report written without signal is kept on the device and sent later.
  var KEY = 'c311_drafts';
  function drafts() { try { return JSON.parse(localStorage.getItem(KEY) || '[]'); } catch (e) { return []; } }
  function saveDrafts(list) { localStorage.setItem(KEY, JSON.stringify(list)); }
  function setupOfflineDrafts() {
    var form = $('#report-form');
    if (form) {
      form.addEventListener('submit', function (e) {
        if (navigator.onLine) return;
        e.preventDefault();
        var data = [];
        new FormData(form).forEach(function (v, k) {
          if (typeof v === 'string' && k !== 'from') data.push([k, v]);
        });
        var list = drafts();
        list.push({ saved: Date.now(), fields: data });
        saveDrafts(list);
        status(msg('offline-saved'));
      });
    }
    window.addEventListener('online', sendDrafts);
    if (navigator.onLine) sendDrafts();
  }
  var sending = false;
  function sendDrafts() {
    var list = drafts();
    if (sending || list.length === 0) return;
    sending = true;
    var draft = list[0];
    var params = new URLSearchParams();
    draft.fields.forEach(function (kv) { params.append(kv[0], kv[1]); });
    fetch('/report/submit', { method: 'POST', body: params, credentials: 'same-origin' })
      .then(function (r) {
        saveDrafts(drafts().slice(1));
        var m = /\/report\/sent\/(\d+)$/.exec(new URL(r.url).pathname);
        var link = document.createElement('a');
        if (m) {
          link.href = '/requests/' + m[1];
          link.textContent = ' ' + m[1];
          link.id = 'offline-tracking';
          status(msg('offline-sent'), link);
        } else {
          link.href = '/report';
          link.textContent = ' /report';
          status(msg('offline-failed'), link);
        }
      })
      .catch(function () {})
      .then(function () { sending = false; if (drafts().length) sendDrafts(); });
  }

  function registerServiceWorker() {
    if ('serviceWorker' in navigator) navigator.serviceWorker.register('/sw.js').catch(function () {});
  }

  manageFocus();
  setupFilter();
  setupSuggest();
  setupMap();
  setupAlertMap();
  setupOfflineDrafts();
  registerServiceWorker();
})();
