// The control page: listens to fractalsync.control.status over the SockJS bridge and sends commands to
// fractalsync.control.command; every command is answered, and a refusal is shown in one line.
(function () {
  'use strict';
  var $ = function (id) { return document.getElementById(id); };
  var COLOURS = { silence: '#3a3f4b', intro: '#4a90d9', verse: '#50c878', 'pre-chorus': '#e0c040',
    chorus: '#e05050', bridge: '#b070e0', inst: '#40c0c0', outro: '#a0a0a0' };
  var HISTORY_MS = 60000;
  var bus = null;
  var status = null;
  var statusAt = 0;
  var history = [];
  var built = { presets: '', displays: '', probs: '', hazard: '', beatsPerBar: 0 };

  function send(command) {
    if (!bus || bus.state !== EventBus.OPEN) {
      showError('not connected');
      return;
    }
    bus.send('fractalsync.control.command', command, function (err) {
      showError(err ? err.message : '');
    });
  }

  function showError(text) {
    $('error').textContent = text || '';
  }

  function connect() {
    bus = new EventBus(location.origin + '/eventbus');
    bus.enableReconnect(true);
    bus.onopen = function () {
      $('conn').textContent = 'live';
      $('conn').className = 'conn ok';
      bus.registerHandler('fractalsync.control.status', function (err, message) {
        if (!err) {
          onStatus(message.body);
        }
      });
    };
    bus.onclose = function () {
      $('conn').textContent = 'reconnecting…';
      $('conn').className = 'conn';
    };
  }

  function onStatus(s) {
    status = s;
    statusAt = performance.now();
    history.push({ at: statusAt, sections: s.music.sections });
    while (history.length && history[0].at < statusAt - HISTORY_MS) {
      history.shift();
    }
    var m = s.music;
    $('bpm').textContent = m.bpm.toFixed(1);
    $('levelNow').textContent = s.controls.tempoOverride !== null ? 'by hand'
      : s.controls.tempoLevel === 'auto' ? '' : s.controls.tempoLevel;
    $('beat').textContent = m.beat;
    $('section').textContent = m.section;
    $('fps').textContent = s.picture.fps.toFixed(0);
    $('frameMs').textContent = s.picture.frameMs.toFixed(1);
    $('res').textContent = s.picture.width + '×' + s.picture.height;
    $('av').textContent = fmtOffset(s.picture.avOffsetMs);
    $('avValue').textContent = fmtOffset(s.picture.avOffsetMs) + ' ms';
    $('providers').textContent = s.providers;
    bar(m.beatInBar);
    meters('probs', m.sections, function (k) { return k; });
    var hz = {};
    m.hazard.forEach(function (h) { hz[h.beats] = h.p; });
    meters('hazard', hz, function (k) { return 'in ' + k + ' beat' + (k === '1' ? '' : 's'); });
    controls(s.controls);
    drawHistory();
  }

  function fmtOffset(ms) {
    return (ms > 0 ? '+' : '') + ms.toFixed(0);
  }

  function bar(beatInBar) {
    var n = Math.max(4, beatInBar);
    var el = $('bar');
    if (built.beatsPerBar !== n) {
      el.innerHTML = '';
      for (var i = 1; i <= n; i++) {
        var cell = document.createElement('i');
        if (i === 1) {
          cell.className = 'first';
        }
        el.appendChild(cell);
      }
      built.beatsPerBar = n;
    }
    Array.prototype.forEach.call(el.children, function (cell, i) {
      cell.classList.toggle('on', i + 1 === beatInBar);
    });
  }

  function meters(id, values, name) {
    var keys = Object.keys(values);
    var el = $(id);
    if (built[id] !== keys.join()) {
      el.innerHTML = '';
      keys.forEach(function (k) {
        var label = document.createElement('span');
        label.textContent = name(k);
        var meter = document.createElement('span');
        meter.className = 'meter';
        meter.appendChild(document.createElement('b'));
        var v = document.createElement('span');
        el.appendChild(label);
        el.appendChild(meter);
        el.appendChild(v);
      });
      built[id] = keys.join();
    }
    keys.forEach(function (k, i) {
      var p = values[k];
      var fill = el.children[3 * i + 1].firstChild;
      fill.style.width = (100 * p).toFixed(1) + '%';
      if (id === 'probs') {
        fill.style.background = COLOURS[k] || '#888';
      }
      el.children[3 * i + 2].textContent = p.toFixed(2);
    });
  }

  function controls(c) {
    if (built.presets !== c.presets.join()) {
      var el = $('presets');
      el.innerHTML = '';
      c.presets.forEach(function (name) {
        var b = document.createElement('button');
        b.textContent = name;
        b.dataset.preset = name;
        b.onclick = function () { send({ action: 'preset', name: name }); };
        el.appendChild(b);
      });
      built.presets = c.presets.join();
    }
    Array.prototype.forEach.call($('presets').children, function (b) {
      b.classList.toggle('active', b.dataset.preset === c.preset);
    });
    if (built.displays !== c.displays.join()) {
      var d = $('displays');
      d.innerHTML = '';
      var win = document.createElement('button');
      win.textContent = 'window';
      win.dataset.display = '';
      win.onclick = function () { send({ action: 'fullscreen', display: null }); };
      d.appendChild(win);
      c.displays.forEach(function (name, i) {
        var b = document.createElement('button');
        b.textContent = 'full screen: ' + name;
        b.dataset.display = String(i);
        b.onclick = function () { send({ action: 'fullscreen', display: i }); };
        d.appendChild(b);
      });
      built.displays = c.displays.join();
    }
    Array.prototype.forEach.call($('displays').children, function (b) {
      var on = c.fullscreen === null ? b.dataset.display === '' : b.dataset.display === String(c.fullscreen);
      b.classList.toggle('active', on);
    });
    $('release').classList.toggle('active', c.tempoOverride === null);
    $('taps').textContent = c.taps > 0 ? c.taps + ' tap' + (c.taps === 1 ? '' : 's') : '';
    $('midiBox').hidden = c.midiLearn === null;
    $('midiLearn').classList.toggle('active', c.midiLearn !== null && c.midiLearn !== 'off');
    $('midiState').textContent = c.midiLearn === null || c.midiLearn === 'off' ? '' : c.midiLearn;
    $('blackout').classList.toggle('active', c.blackout);
    $('freeze').classList.toggle('active', c.frozen);
    $('paletteLock').classList.toggle('active', c.paletteLock);
    Array.prototype.forEach.call(document.querySelectorAll('[data-level]'), function (b) {
      b.classList.toggle('active', b.dataset.level === c.tempoLevel);
    });
    var sens = $('sens');
    sens.max = c.maxSensitivity;
    if (document.activeElement !== sens) {
      sens.value = c.sensitivity;
    }
    $('sensValue').textContent = c.sensitivity.toFixed(2);
  }

  function drawHistory() {
    var canvas = $('history');
    var g = canvas.getContext('2d');
    var w = canvas.width;
    var h = canvas.height;
    g.clearRect(0, 0, w, h);
    if (!history.length) {
      return;
    }
    var now = history[history.length - 1].at;
    var step = w / (HISTORY_MS / 100);
    history.forEach(function (sample) {
      var x = w - (now - sample.at) / HISTORY_MS * w;
      var y = h;
      Object.keys(sample.sections).forEach(function (label) {
        var ph = sample.sections[label] * h;
        g.fillStyle = COLOURS[label] || '#888';
        g.fillRect(x - step, y - ph, step + 0.5, ph);
        y -= ph;
      });
    });
  }

  // the pulse follows the beat between status samples, as the renderer's fast clock does
  function animate() {
    if (status) {
      var m = status.music;
      var elapsed = (performance.now() - statusAt) / 1000;
      var phase = (m.phase + elapsed * m.bpm / 60) % 1;
      var glow = Math.exp(-6 * phase);
      var pulse = $('pulse');
      pulse.style.opacity = (0.25 + 0.75 * glow).toFixed(3);
      pulse.style.transform = 'scale(' + (0.8 + 0.3 * glow).toFixed(3) + ')';
    }
    requestAnimationFrame(animate);
  }

  function wire() {
    $('blackout').onclick = function () { send({ action: 'blackout', on: !(status && status.controls.blackout) }); };
    $('freeze').onclick = function () { send({ action: 'freeze', on: !(status && status.controls.frozen) }); };
    $('paletteLock').onclick = function () {
      send({ action: 'palette-lock', on: !(status && status.controls.paletteLock) });
    };
    // pointerdown, not click: a tap counts when the finger lands
    $('tap').addEventListener('pointerdown', function (e) {
      e.preventDefault();
      send({ action: 'tap', at: performance.now() });
    });
    $('cue').onclick = function () { send({ action: 'cue' }); };
    $('midiLearn').onclick = function () {
      send({ action: 'midi-learn', on: !(status && status.controls.midiLearn && status.controls.midiLearn !== 'off') });
    };
    $('setTempo').onclick = function () {
      var bpm = parseFloat($('bpmInput').value);
      if (isNaN(bpm)) {
        showError('type a tempo in BPM first');
        return;
      }
      send({ action: 'tempo', bpm: bpm });
    };
    $('release').onclick = function () { send({ action: 'tempo', bpm: null }); };
    $('sens').oninput = function () { send({ action: 'sensitivity', value: parseFloat($('sens').value) }); };
    Array.prototype.forEach.call(document.querySelectorAll('[data-level]'), function (b) {
      b.onclick = function () { send({ action: 'tempo-level', level: b.dataset.level }); };
    });
    Array.prototype.forEach.call(document.querySelectorAll('[data-av]'), function (b) {
      b.onclick = function () {
        var now = status ? status.picture.avOffsetMs : 0;
        send({ action: 'av-offset', ms: now + parseFloat(b.dataset.av) });
      };
    });
    setInterval(function () {
      if (document.visibilityState === 'visible') {
        $('preview').src = 'preview.jpg?t=' + Date.now();
      }
    }, 1000);
  }

  wire();
  connect();
  requestAnimationFrame(animate);
})();
