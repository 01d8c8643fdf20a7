/* Learner view of the Attendance block: heartbeats, the played video, the credit meter and prompts.
 *
 * The server decides everything (DESIGN section 6): this module only reports what the page sees
 * (visible, which seconds of the video played) and shows what each reply says.
 */
function AttendanceBlock(runtime, element, args) {
  'use strict';
  var root = element.jquery ? element[0] : element;
  // The arguments come escaped in the block's own element, not the runtime's (ADR 0011).
  args = window.AttendanceServer.blockArgs(root, args);
  var section = root.querySelector('.attendance-block');
  if (!section) { return; }
  window.AttendanceServer.configure(args);
  section.setAttribute('data-usage-key', (args && args.usage_key) || '');
  section.classList.add('attendance-ready');
  var claimPanel = window.AttendanceClaim ? window.AttendanceClaim.init(section, args && args.claim) : null;
  if (window.AttendanceClassroom && args && args.classroom) {
    window.AttendanceClassroom.init(section, args.classroom, window.AttendanceServer);
  }
  var presence = args && args.presence;
  var panel = section.querySelector('.attendance-presence');
  if (!presence || !panel || !window.AttendancePresence) { return; }

  var server = window.AttendanceServer;
  var tools = window.AttendancePresence;
  var gettext = server.gettext();
  var status = section.querySelector('.attendance-status');
  var meter = new tools.Meter(panel.querySelector('.attendance-meter'), presence.meter, gettext);
  var video = presence.video_url ? panel.querySelector('video') : null;
  var played = video ? new tools.PlayedRanges() : null;
  var heartbeatMillis = Math.max(1, Number(presence.heartbeat_seconds) || 15) * 1000;
  var token = presence.token;
  var timer = null;
  var inFlight = false;
  var beatAgain = false;
  var stopped = false;
  var statusTimer = null;
  var statusIsError = false;
  var settleTimer = null;
  var settleAgain = false;

  // Status region ------------------------------------------------------------------------------

  function say(text, options) {
    clearTimeout(statusTimer);
    statusIsError = Boolean(options && options.error);
    status.classList.toggle('attendance-status-error', statusIsError);
    status.textContent = text;
    if (options && options.briefly) {
      statusTimer = setTimeout(function () {
        if (status.textContent === text) { status.textContent = ''; }
      }, 5000);
    }
  }

  function problem(answer, fallback) {
    return (answer && answer.body && answer.body.message) || fallback;
  }

  // Prompts ----------------------------------------------------------------------------------------

  var dialog = new tools.PromptDialog(panel.querySelector('.attendance-prompt-layer'), {
    gettext: gettext,
    format: server.format,
    onAnswer: answer,
    onExpire: function () {
      say(tools.missedText(null, gettext, server.format));
      // The server counts the prompt missed once its grace has passed too: ask it then, so "Prompts
      // missed" and the pending time change at once (a settling beat credits nothing).
      clearTimeout(settleTimer);
      settleTimer = setTimeout(function () { beat({settle: true}); }, tools.settleDelayMillis(graceSeconds));
    }
  });
  var graceSeconds = Number(presence.grace_seconds) || 2;
  var answering = false;

  function answer(nonce) {
    if (answering) { return; }
    answering = true;
    server.postJSON(presence.answer_url, {token: token, nonce: nonce}).then(function (reply) {
      answering = false;
      if (dialog.nonce === nonce) { dialog.close(); }
      if (reply.ok) {
        show(reply.body);
        say(gettext('Presence confirmed'), {briefly: true});
      } else {
        say(problem(reply, gettext('Your answer could not be recorded.')), {error: true});
      }
    }, function () {
      answering = false;  // the dialog stays open: the learner can try again before the deadline
      say(gettext('Your answer could not be sent; check the connection and try again.'), {error: true});
    });
  }

  /** One reply, one truth: the meter and the "Your credits" panel from the same server figures. */
  function show(body) {
    meter.render(body);
    if (claimPanel && body.claim) { claimPanel.show(body.claim); }
  }

  function settle(reply) {
    if (reply.last_prompt && reply.last_prompt.outcome === 'missed') {
      if (dialog.isOpen()) { dialog.close(); }
      say(tools.missedText(reply.last_prompt, gettext, server.format));
    }
    if (reply.prompt) {
      dialog.open(reply.prompt);
      if (reply.prompt.final) {
        say(gettext('One last confirmation keeps the time since your last answer.'));
      }
    }
  }

  // Heartbeats -------------------------------------------------------------------------------------

  function beatBody(settleOnly) {
    var body = {token: token, visible: document.visibilityState === 'visible'};
    if (settleOnly) {
      body.settle = true;  // nothing played is taken: the next real beat reports it
      return body;
    }
    if (played) {
      body.video = {ranges: played.take()};
      if (isFinite(video.duration) && video.duration > 0) { body.video.duration = video.duration; }
    }
    return body;
  }

  function beat(options) {
    var settleOnly = Boolean(options && options.settle);
    if (stopped) { return; }
    if (inFlight) {
      if (settleOnly) { settleAgain = true; } else { beatAgain = true; }
      return;
    }
    inFlight = true;
    var body = beatBody(settleOnly);
    var giveBack = function () { if (body.video) { played.restore(body.video.ranges); } };
    server.postJSON(presence.beat_url, body).then(function (reply) {
      if (reply.ok) {
        if (statusIsError) { say(''); }
        // The renewed token signs the next beat in (ADR 0034), unless another one replaced ours meanwhile.
        if (reply.body.token && body.token === token) { token = reply.body.token; }
        show(reply.body);
        settle(reply.body);
        return;
      }
      say(problem(reply, gettext('Your attendance could not be recorded.')), {error: true});
      if (reply.status === 401 || reply.status === 403 || reply.status === 404) {
        stopped = true;  // the session ended, tracking was turned off, or the activity is gone
        sync();
      } else if (reply.status === 409 || reply.status >= 500) {
        giveBack();  // nothing was recorded: send these seconds again
      }
    }, function () {
      giveBack();
      say(gettext('The connection was lost; your time is reported when it is back.'), {error: true});
    }).then(function () {
      inFlight = false;
      if (beatAgain) {
        beatAgain = false;
        settleAgain = false;  // a real beat settles too
        beat();
      } else if (settleAgain) {
        settleAgain = false;
        beat({settle: true});
      }
    });
  }

  function shouldBeat() {
    return !stopped && document.visibilityState === 'visible' && (!video || (!video.paused && !video.ended));
  }

  /** Start the loop (with an immediate beat) or stop it (with a last beat) to match the page. */
  function sync() {
    if (shouldBeat()) {
      if (!timer) {
        timer = setInterval(function () { beat(); }, heartbeatMillis);
        beat();
      }
    } else if (timer) {
      clearInterval(timer);
      timer = null;
      beat();  // reports what played until now; the first beat when visible again starts anew
    }
  }

  document.addEventListener('visibilitychange', function () {
    if (played && document.visibilityState !== 'visible') { played.cut(); }
    sync();
  });

  if (video) {
    // Seconds played while the tab is hidden, or while seeking, are not counted.
    video.addEventListener('timeupdate', function () {
      if (!video.paused && !video.seeking && document.visibilityState === 'visible') {
        played.advance(video.currentTime);
      }
    });
    video.addEventListener('seeking', function () { played.cut(); });
    video.addEventListener('play', function () {
      if (document.visibilityState === 'visible') { played.advance(video.currentTime); }
      sync();
    });
    ['pause', 'ended'].forEach(function (name) {
      video.addEventListener(name, function () {
        if (played.open) { played.advance(video.currentTime); }
        played.cut();
        sync();
      });
    });
  }

  // More time to answer prompts (WCAG 2.2.1) -------------------------------------------------------

  var extension = panel.querySelector('.attendance-extension');
  var extensionHelp = panel.querySelector('.attendance-extension-help');

  function describeExtension(factor) {
    var seconds = Math.round(Number(presence.popup_seconds) * factor);
    extensionHelp.textContent = server.format(
      gettext('You have %(seconds)s seconds to answer each presence prompt.'), {seconds: seconds}
    );
  }

  function showExtension(factor) {
    var value = String(Number(factor));
    if (!extension.querySelector('option[value="' + value + '"]')) {
      var custom = document.createElement('option');
      custom.value = value;
      custom.textContent = server.format(gettext('%(factor)s×'), {factor: value});
      extension.appendChild(custom);
    }
    extension.value = value;
    describeExtension(Number(factor));
  }

  if (extension && extensionHelp) {
    var savedFactor = Number(presence.extension_factor) || 1;
    showExtension(savedFactor);
    extension.addEventListener('change', function () {
      var wanted = Number(extension.value);
      server.postJSON(presence.accommodation_url, {extension_factor: wanted, token: token}).then(function (reply) {
        if (!reply.ok) {
          showExtension(savedFactor);
          say(problem(reply, gettext('Your preference could not be saved.')), {error: true});
          return;
        }
        savedFactor = Number(reply.body.extension_factor);
        if (reply.body.token) { token = reply.body.token; }  // a token that carries the new factor
        showExtension(savedFactor);
        say(server.format(
          gettext('Saved: from the next prompt on, you have %(seconds)s seconds to answer.'),
          {seconds: Math.round(Number(presence.popup_seconds) * savedFactor)}
        ));
      }, function () {
        showExtension(savedFactor);
        say(gettext('Your preference could not be saved; check the connection.'), {error: true});
      });
    });
  }

  if (presence.meter) { meter.render(presence.meter); }
  sync();
}
