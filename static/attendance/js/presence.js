/* Presence helpers of the Attendance block: played video ranges, the credit meter and the prompt dialog.
 *
 * Loaded before student.js as window.AttendancePresence; under node (tests/js) it is a CommonJS
 * module, so the pure helpers are tested without a browser.
 */
(function (root, factory) {
  'use strict';
  var api = factory();
  if (typeof module === 'object' && module.exports) {
    module.exports = api;
  } else {
    root.AttendancePresence = api;
  }
}(typeof window !== 'undefined' ? window : this, function () {
  'use strict';

  // Seconds of media between two `timeupdate` events beyond which the player jumped without a
  // `seeking` event: the jump starts a new range instead of counting the skipped part as played.
  var MAX_STEP_SECONDS = 2.5;
  // The prompt warns (politely, once) when this many seconds are left.
  var WARNING_SECONDS = 5;

  function toMillis(seconds) {
    return Math.round(seconds * 1000) / 1000;
  }

  /** Sort ranges, merge overlapping or touching ones, drop empty ones; values rounded to ms. */
  function mergeRanges(ranges) {
    var merged = [];
    ranges
      .map(function (pair) { return [toMillis(pair[0]), toMillis(pair[1])]; })
      .filter(function (pair) { return pair[1] > pair[0]; })
      .sort(function (a, b) { return a[0] - b[0] || a[1] - b[1]; })
      .forEach(function (pair) {
        var last = merged[merged.length - 1];
        if (last && pair[0] <= last[1]) {
          last[1] = Math.max(last[1], pair[1]);
        } else {
          merged.push(pair.slice());
        }
      });
    return merged;
  }

  /**
   * The ranges of a video played since they were last taken. A range grows while the video plays;
   * a seek, a pause or a hidden tab closes it, and the next progress opens a new one.
   */
  function PlayedRanges(maxStep) {
    this.maxStep = maxStep || MAX_STEP_SECONDS;
    this.closed = [];
    this.open = null;
  }

  /** The player is at `time` while playing: grow the open range, or open one. */
  PlayedRanges.prototype.advance = function (time) {
    if (typeof time !== 'number' || !isFinite(time) || time < 0) { return; }
    if (this.open) {
      var step = time - this.open[1];
      if (step >= 0 && step <= this.maxStep) {
        this.open[1] = time;
        return;
      }
      this.cut();
    }
    this.open = [time, time];
  };

  /** Close the open range (a seek, a pause, the tab hidden). */
  PlayedRanges.prototype.cut = function () {
    if (this.open && this.open[1] > this.open[0]) { this.closed.push(this.open); }
    this.open = null;
  };

  /** Hand over everything played since the last call, merged; the open range keeps growing. */
  PlayedRanges.prototype.take = function () {
    var taken = this.closed;
    if (this.open && this.open[1] > this.open[0]) {
      taken = taken.concat([this.open.slice()]);
      this.open = [this.open[1], this.open[1]];
    }
    this.closed = [];
    return mergeRanges(taken);
  };

  /** Give back ranges the server did not receive, to send them with the next beat. */
  PlayedRanges.prototype.restore = function (ranges) {
    this.closed = this.closed.concat(ranges.map(function (pair) { return pair.slice(); }));
  };

  function pad(number) {
    return number < 10 ? '0' + number : String(number);
  }

  /** HH:MM:ss like the server's meter (hours may pass 24; fractions dropped). */
  function formatHMS(seconds) {
    var whole = Math.max(0, Math.floor(Number(seconds) || 0));
    return pad(Math.floor(whole / 3600)) + ':' + pad(Math.floor(whole / 60) % 60) + ':' + pad(whole % 60);
  }

  /** Whole seconds shown on the countdown for `millis` left (never below 0). */
  function secondsLeft(millis) {
    return Math.max(0, Math.ceil(millis / 1000));
  }

  /**
   * Milliseconds from the end of a prompt's countdown to the moment the server counts it missed: its
   * grace (network latency) and a quarter second more, so the settling beat never comes too early.
   */
  function settleDelayMillis(graceSeconds) {
    var grace = Number(graceSeconds);
    return (isFinite(grace) && grace >= 0 ? grace : 2) * 1000 + 250;
  }

  /** The status text for a settled prompt (`last_prompt` of a reply), or a generic one. */
  function missedText(lastPrompt, gettext, format) {
    var discarded = lastPrompt && Number(lastPrompt.discarded_seconds);
    if (lastPrompt && discarded > 0) {
      return format(
        gettext('Prompt missed: %(time)s since your last confirmation was not counted.'),
        {time: formatHMS(discarded)}
      );
    }
    if (lastPrompt) {
      return gettext('Prompt missed: it is recorded as missed.');
    }
    return gettext('Prompt missed: the time since your last confirmation was not counted.');
  }

  /**
   * The learner's credit meter. Only real changes touch the DOM: hits and units sit in a polite
   * live region, and rewriting them with the same text on every beat would make screen readers
   * repeat them; the time, which changes on every beat, is outside that region.
   */
  function Meter(node, initial, gettext) {
    this.node = node;
    this.gettext = gettext;
    this.unitsKey = unitsSignature(initial ? initial.units : []);  // the template rendered these
  }

  function unitsSignature(units) {
    return JSON.stringify((units || []).map(function (unit) { return [unit.acronym, unit.units]; }));
  }

  Meter.prototype.field = function (name) {
    return this.node.querySelector('[data-meter="' + name + '"]');
  };

  Meter.prototype.setText = function (name, text) {
    var node = this.field(name);
    if (node && node.textContent !== text) { node.textContent = text; }
  };

  Meter.prototype.render = function (state) {
    this.setText('time', state.time);
    this.setText('pending', formatHMS(state.pending_seconds));
    this.setText('misses', String(state.misses));
    this.setText('hits', String(state.hits));
    this.renderUnits(state.units || []);
    this.setText('note', this.note(state));
  };

  Meter.prototype.renderUnits = function (units) {
    var list = this.field('units');
    var key = unitsSignature(units);
    if (!list || key === this.unitsKey) { return; }
    this.unitsKey = key;
    list.textContent = '';
    units.forEach(function (unit) {
      var item = document.createElement('li');
      [['strong', '', unit.acronym], ['span', 'attendance-meter-unit-value', unit.units],
        ['span', 'attendance-meter-unit-name', unit.name]].forEach(function (part, index) {
        var child = document.createElement(part[0]);
        child.className = part[1];
        child.textContent = part[2];
        if (index) { item.appendChild(document.createTextNode(' ')); }
        item.appendChild(child);
      });
      list.appendChild(item);
    });
  };

  Meter.prototype.note = function (state) {
    if (state.tracking === 'not_started') {
      return this.gettext('The session has not started yet: time counts from its start.');
    }
    if (state.tracking === 'ended') {
      return this.gettext('The live session has ended: time no longer counts.');
    }
    if (state.viewed_to_end) {
      return this.gettext('You have watched the whole recording.');
    }
    return '';
  };

  /**
   * The "Are you still here?" dialog (role=alertdialog) inside the block.
   *
   * Opening moves focus to the "I'm here" button and remembers where focus was; closing puts it
   * back. Tab stays inside the dialog. Escape does NOT dismiss it: closing without answering would
   * silently cost the learner the time since their last confirmation, so Escape keeps focus on the
   * button and the only ways out are answering or the countdown running out.
   *
   * options: {gettext, format, onAnswer(nonce), onExpire(nonce)}.
   */
  function PromptDialog(layer, options) {
    var self = this;
    this.layer = layer;
    this.options = options;
    this.dialog = layer.querySelector('[role="alertdialog"]');
    this.countdown = layer.querySelector('.attendance-prompt-countdown');
    this.warning = layer.querySelector('.attendance-prompt-warning');
    this.button = layer.querySelector('.attendance-prompt-answer');
    this.nonce = null;
    this.timer = null;
    this.dialog.addEventListener('keydown', function (event) { self.onKeydown(event); });
    this.button.addEventListener('click', function () {
      if (self.nonce) { options.onAnswer(self.nonce); }
    });
    // A click outside must not leave the modal dialog behind, unanswered.
    document.addEventListener('focusin', function (event) {
      // (Another block's open prompt may keep focus: two traps must not fight over it.)
      var target = event.target;
      var inDialog = target && target.closest && target.closest('[role="alertdialog"]');
      if (self.nonce && !inDialog) { self.button.focus(); }
    });
  }

  PromptDialog.prototype.isOpen = function () {
    return this.nonce !== null;
  };

  PromptDialog.prototype.open = function (prompt) {
    if (this.nonce === prompt.nonce) { return; }
    var self = this;
    var seconds = Math.max(0, Number(prompt.seconds) || 0);
    if (!this.isOpen()) { this.previousFocus = document.activeElement; }
    this.nonce = prompt.nonce;
    this.endsAt = Date.now() + seconds * 1000;
    this.warned = seconds <= WARNING_SECONDS;  // a short prompt is announced once, on opening
    this.shown = null;
    this.warning.textContent = '';
    this.tick();
    this.layer.hidden = false;
    this.button.focus();
    clearInterval(this.timer);
    this.timer = setInterval(function () { self.tick(); }, 250);
  };

  PromptDialog.prototype.tick = function () {
    var left = secondsLeft(this.endsAt - Date.now());
    if (left <= 0) {
      var nonce = this.nonce;
      this.close();
      this.options.onExpire(nonce);
      return;
    }
    if (left !== this.shown) {
      this.shown = left;
      this.countdown.textContent = this.options.format(this.options.gettext('%(seconds)s s left'), {seconds: left});
    }
    if (!this.warned && left <= WARNING_SECONDS) {
      this.warned = true;
      this.warning.textContent = this.options.format(
        this.options.gettext('%(seconds)s seconds left: answer now to keep your time.'), {seconds: left}
      );
    }
  };

  PromptDialog.prototype.close = function () {
    clearInterval(this.timer);
    this.timer = null;
    this.nonce = null;
    this.layer.hidden = true;
    this.warning.textContent = '';
    var previous = this.previousFocus;
    this.previousFocus = null;
    if (previous && previous !== document.body && document.contains(previous) && previous.focus) {
      previous.focus();
    }
  };

  PromptDialog.prototype.onKeydown = function (event) {
    if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();  // nor may the LMS page close something around the block
      this.button.focus();
    } else if (event.key === 'Tab') {
      // The button is the dialog's only control: Tab and Shift+Tab stay on it.
      event.preventDefault();
      this.button.focus();
    }
  };

  return {
    MAX_STEP_SECONDS: MAX_STEP_SECONDS,
    Meter: Meter,
    WARNING_SECONDS: WARNING_SECONDS,
    PlayedRanges: PlayedRanges,
    PromptDialog: PromptDialog,
    formatHMS: formatHMS,
    mergeRanges: mergeRanges,
    missedText: missedText,
    secondsLeft: secondsLeft,
    settleDelayMillis: settleDelayMillis
  };
}));
