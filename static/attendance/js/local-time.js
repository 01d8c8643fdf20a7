/* Times on the app's pages in the browser's time zone (when the account sets none).
 *
 * The server writes each time in UTC inside <time datetime="…Z" data-attendance-local>; this
 * rewrites the text in the viewer's zone and keeps the UTC instant in the title.
 */
(function () {
  'use strict';
  var format = new Intl.DateTimeFormat(document.documentElement.lang || undefined, {
    year: 'numeric', month: '2-digit', day: '2-digit',
    hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false, timeZoneName: 'short'
  });
  document.querySelectorAll('time[data-attendance-local]').forEach(function (node) {
    var moment = new Date(node.getAttribute('datetime'));
    if (isNaN(moment.getTime())) { return; }
    node.title = node.textContent;
    node.textContent = format.format(moment);
  });
}());
