// sw.js — lets the app open without the network. Every file of the app (never
// the API) is fetched from the network first, and the copy is kept; when the
// network is down, the kept copy answers. So a learner who reloads the exam
// while the network is down still sees it, with their answers waiting in the
// outbox (app/queue.js). Online, nothing is ever served stale.
const CACHE = 'invigil-app-1';
const SHELL = ['./', 'index.html', 'app/app.css', 'app/main.js', 'app/api.js', 'app/dom.js', 'app/queue.js',
  'app/learner.js', 'app/take.js', 'app/question.js', 'app/result.js', 'app/charts.js', 'app/staff.js',
  'app/analysis.js', 'vendor/dompurify-3.5.0/purify.es.js'];

self.addEventListener('install', (ev) => {
  ev.waitUntil(caches.open(CACHE).then((c) => c.addAll(SHELL)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (ev) => {
  ev.waitUntil(caches.keys()
    .then((keys) => Promise.all(keys.filter((k) => k !== CACHE).map((k) => caches.delete(k))))
    .then(() => self.clients.claim()));
});

self.addEventListener('fetch', (ev) => {
  const url = new URL(ev.request.url);
  const api = new URL('api/', self.registration.scope).pathname;
  if (ev.request.method !== 'GET' || url.origin !== self.location.origin || url.pathname.startsWith(api)) return;
  ev.respondWith(fetch(ev.request)
    .then((res) => {
      if (res.ok) {
        const copy = res.clone();
        caches.open(CACHE).then((c) => c.put(ev.request, copy));
      }
      return res;
    })
    .catch(() => caches.match(ev.request, { ignoreSearch: true })
      .then((hit) => hit || (ev.request.mode === 'navigate' ? caches.match('./') : Response.error()))));
});
