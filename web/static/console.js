// civic311 staff console: keyboard shortcuts, response templates, answers while typing. Small on
// purpose; every page works without it (forms post as usual). No inline script (CSP).
(function () {
  'use strict';
  var rows = Array.prototype.slice.call(document.querySelectorAll('tr[data-row]'));
  var current = -1;
  var dialog = document.getElementById('shortcuts');

  function typing(e) {
    var t = e.target;
    return t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName));
  }
  function focusRow(i) {
    if (!rows.length) return;
    current = Math.max(0, Math.min(rows.length - 1, i));
    rows.forEach(function (r, n) { r.classList.toggle('is-current', n === current); });
    var link = rows[current].querySelector('[data-open]');
    if (link) link.focus();
  }
  // Acts on the current row (or the checked ones) through the bulk form: the same POST as a click.
  function bulk(action) {
    var form = document.getElementById('bulk');
    if (!form) return;
    var checked = form.querySelectorAll('input[name=sel]:checked');
    if (!checked.length && current >= 0) {
      rows[current].querySelector('input[name=sel]').checked = true;
    }
    if (!form.querySelectorAll('input[name=sel]:checked').length) return;
    form.querySelector('[name=bulk_action]').value = action;
    form.submit();
  }
  function click(selector) {
    var el = document.querySelector(selector);
    if (el) el.click();
  }
  function showHelp() {
    if (dialog && !dialog.open) dialog.showModal();
  }
  document.querySelectorAll('[data-shortcuts-open]').forEach(function (b) {
    b.addEventListener('click', showHelp);
  });
  rows.forEach(function (r, n) {
    r.addEventListener('focusin', function () { current = n; rows.forEach(function (x, m) { x.classList.toggle('is-current', m === n); }); });
  });

  document.addEventListener('keydown', function (e) {
    if (e.ctrlKey || e.metaKey || e.altKey || typing(e)) return;
    var onQueue = rows.length > 0;
    switch (e.key) {
      case '?': showHelp(); break;
      case 'j': if (onQueue) focusRow(current + 1); else return; break;
      case 'k': if (onQueue) focusRow(current - 1); else return; break;
      case 'o': case 'Enter':
        if (onQueue && current >= 0) rows[current].querySelector('[data-open]').click(); else return;
        break;
      case 'x':
        if (onQueue && current >= 0) { var c = rows[current].querySelector('input[name=sel]'); c.checked = !c.checked; } else return;
        break;
      case 'a': if (onQueue) bulk('acknowledge'); else click('button[data-key=a]'); break;
      case 'm': if (onQueue) bulk('assign_me'); else click('button[data-key=m]'); break;
      case 'r': click('button[data-key=r]'); break;
      case 'n': var note = document.querySelector('[data-note]'); if (note) note.focus(); else return; break;
      case '/': var s = document.querySelector('[data-search]'); if (s) s.focus(); else return; break;
      default: return;
    }
    e.preventDefault();
  });

  // A response template fills the text box (still editable) and, for a state template, the move.
  document.querySelectorAll('select[data-template]').forEach(function (sel) {
    sel.addEventListener('change', function () {
      var opt = sel.options[sel.selectedIndex];
      var box = document.getElementById(sel.getAttribute('data-template'));
      if (box && opt.getAttribute('data-text') !== null) box.value = opt.getAttribute('data-text');
      var move = sel.form.querySelector('[data-move]');
      if (move && opt.getAttribute('data-action')) move.value = opt.getAttribute('data-action');
    });
  });

  // Emergency services: "transfer to 911 now" as soon as one is chosen.
  var service = document.getElementById('service_code');
  var note911 = document.querySelector('[data-emergency-note]');
  if (service && note911) {
    var show = function () {
      var opt = service.options[service.selectedIndex];
      note911.hidden = !(opt && opt.hasAttribute('data-emergency'));
    };
    service.addEventListener('change', show);
    show();
  }

  // The desk's questions: only the chosen service's group is shown and submitted (a disabled
  // fieldset sends nothing), as the server renders it without a script.
  // The request desk's internal request asks the chosen service's questions the same way.
  var followService = function (select) {
    var groups = select.form.querySelectorAll('[data-service-attrs]');
    if (!groups.length) return;
    select.addEventListener('change', function () {
      groups.forEach(function (g) {
        var on = g.getAttribute('data-service-attrs') === select.value;
        g.hidden = !on;
        g.disabled = !on;
      });
    });
  };
  if (service && service.form) followService(service);
  document.querySelectorAll('select[data-service-select]').forEach(followService);

  // Answers while the agent types the caller's words.
  var input = document.querySelector('[data-kb-input]');
  var results = document.querySelector('[data-kb-results]');
  if (input && results) {
    var timer = null, seq = 0;
    var render = function (answers) {
      results.textContent = '';
      answers.forEach(function (a) {
        var art = document.createElement('article');
        art.className = 'kb-hit';
        var h = document.createElement('h3');
        var link = document.createElement('a');
        link.href = '/answers/' + encodeURIComponent(a.slug);
        link.target = '_blank';
        link.rel = 'noopener';
        link.textContent = a.title;
        h.appendChild(link);
        var p = document.createElement('p');
        p.textContent = a.summary;
        var form = document.createElement('form');
        form.method = 'post';
        form.action = '/staff/desk/answered';
        [['csrf_token', results.getAttribute('data-csrf')], ['slug', a.slug],
         ['channel', (document.getElementById('channel') || {}).value || 'phone']].forEach(function (kv) {
          var i = document.createElement('input');
          i.type = 'hidden'; i.name = kv[0]; i.value = kv[1];
          form.appendChild(i);
        });
        var b = document.createElement('button');
        b.type = 'submit';
        b.className = 'btn btn-small btn-secondary';
        b.textContent = results.getAttribute('data-answered-label');
        form.appendChild(b);
        art.appendChild(h); art.appendChild(p); art.appendChild(form);
        results.appendChild(art);
      });
    };
    input.addEventListener('input', function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var mine = ++seq;
        fetch('/staff/desk/answers?q=' + encodeURIComponent(input.value), { credentials: 'same-origin' })
          .then(function (r) { return r.ok ? r.json() : { answers: [] }; })
          .then(function (j) { if (mine === seq) render(j.answers || []); })
          .catch(function () {});
      }, 200);
    });
  }

  // Live (docs/console.md, "Live"): the server tells this page what changed (Server-Sent Events).
  // The queue redraws its rows, tabs and pager from the server (same filters, same page), keeping
  // ticks and the current row; the request desk says who changed the request, without reloading
  // over what is being typed.
  var live = document.querySelector('[data-live]');
  if (live && window.EventSource && window.fetch && window.DOMParser) {
    var source = new EventSource(live.getAttribute('data-live'));
    // Marks the page as listening (tests wait for it; a reconnect sets it again).
    source.addEventListener('open', function () { live.setAttribute('data-live-open', ''); });
    if (live.hasAttribute('data-live-queue')) {
      var busy = false, again = false;
      var refresh = function () {
        if (busy) { again = true; return; }
        busy = true;
        fetch(location.href, { credentials: 'same-origin' })
          .then(function (r) { return r.ok ? r.text() : Promise.reject(r.status); })
          .then(function (html) {
            var doc = new DOMParser().parseFromString(html, 'text/html');
            var ticked = {};
            document.querySelectorAll('#queue-rows input[name=sel]:checked').forEach(function (c) {
              ticked[c.id] = true;
            });
            var before = {};
            rows.forEach(function (r) { before[r.getAttribute('data-id')] = true; });
            var currentId = current >= 0 && rows[current] ? rows[current].getAttribute('data-id') : null;
            ['queue-tabs', 'queue-rows', 'queue-pager'].forEach(function (id) {
              var mine = document.getElementById(id), theirs = doc.getElementById(id);
              if (mine && theirs) mine.replaceWith(document.importNode(theirs, true));
            });
            rows = Array.prototype.slice.call(document.querySelectorAll('tr[data-row]'));
            current = -1;
            rows.forEach(function (r, n) {
              var id = r.getAttribute('data-id');
              var box = r.querySelector('input[name=sel]');
              if (box && ticked[box.id]) box.checked = true;
              if (!before[id]) r.classList.add('is-new');
              if (id === currentId) { current = n; r.classList.add('is-current'); }
              r.addEventListener('focusin', function () {
                current = n;
                rows.forEach(function (x, m) { x.classList.toggle('is-current', m === n); });
              });
            });
            live.textContent = live.getAttribute('data-updated');
          })
          .catch(function () {})
          .then(function () {
            busy = false;
            if (again) { again = false; refresh(); }
          });
      };
      source.addEventListener('change', refresh);
    } else {
      source.addEventListener('change', function (e) {
        var d;
        try { d = JSON.parse(e.data); } catch (err) { return; }
        if (d.mine || d.version <= Number(live.getAttribute('data-version'))) return;
        var text = d.by ? live.getAttribute('data-changed-by').replace('{who}', d.by)
                        : live.getAttribute('data-changed');
        live.textContent = '';
        var p = document.createElement('p');
        p.textContent = text + ' ';
        var a = document.createElement('a');
        a.href = location.pathname;
        a.textContent = live.getAttribute('data-reload');
        p.appendChild(a);
        live.appendChild(p);
        live.classList.add('is-shown');
      });
    }
  }

  // The queue's map view: the rows of this page (the same filters) as points; each opens its
  // request. Leaflet is loaded only here, by the console's one map set-up (map.js).
  var mapEl = document.getElementById('queue-map');
  if (mapEl && window.c311Map) {
    window.c311Map.open(mapEl, function (L, map) {
      var points = [];
      rows.forEach(function (row) {
        var lat = parseFloat(row.getAttribute('data-lat')), lon = parseFloat(row.getAttribute('data-lon'));
        if (isNaN(lat) || isNaN(lon)) return;
        points.push([lat, lon]);
        var link = row.querySelector('[data-open]');
        var marker = L.circleMarker([lat, lon], { radius: 7, weight: 2 }).addTo(map);
        marker.bindPopup(function () {
          var a = document.createElement('a');
          a.href = link.getAttribute('href');
          a.textContent = '#' + link.textContent + ' ' + row.cells[2].firstChild.textContent;
          return a;
        });
      });
      if (points.length) map.fitBounds(points, { maxZoom: 16, padding: [20, 20] });
      else map.c311Centre(12);
    });
  }

  var summary = document.getElementById('error-summary') || document.getElementById('readback');
  if (summary) summary.focus();
})();
