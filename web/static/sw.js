// civic311 service worker: caches the app shell so the portal opens without signal; reports
// written offline are kept by portal.js (localStorage) and sent when the device is back online.
'use strict';
var CACHE = 'c311-shell-v2';
var SHELL = ['/', '/report', '/static/portal.css', '/static/map.js', '/static/portal.js', '/theme.css',
  '/static/icons/icon.svg', '/manifest.webmanifest'];

self.addEventListener('install', function (e) {
  e.waitUntil(caches.open(CACHE).then(function (c) { return c.addAll(SHELL); }).then(function () {
    return self.skipWaiting();
  }));
});

self.addEventListener('activate', function (e) {
  e.waitUntil(caches.keys().then(function (keys) {
    return Promise.all(keys.filter(function (k) { return k !== CACHE; }).map(function (k) {
      return caches.delete(k);
    }));
  }).then(function () { return self.clients.claim(); }));
});

self.addEventListener('fetch', function (e) {
  var req = e.request;
  if (req.method !== 'GET' || new URL(req.url).origin !== self.location.origin) return;
  var url = new URL(req.url);
  if (url.pathname.indexOf('/static/') === 0 || url.pathname === '/theme.css') {
    // Static: the cache first, refreshed in the background.
    e.respondWith(caches.open(CACHE).then(function (c) {
      return c.match(req).then(function (hit) {
        var net = fetch(req).then(function (r) { if (r.ok) c.put(req, r.clone()); return r; });
        return hit || net;
      });
    }));
    return;
  }
  if (req.mode === 'navigate') {
    // Pages: the network first (they are live data); offline, the cached shell.
    e.respondWith(fetch(req).catch(function () {
      return caches.match(req).then(function (hit) { return hit || caches.match('/report'); });
    }));
  }
});
