// Service worker of the interviewer app (/interviewer): keeps the app's page and scripts on the device so an
// interviewer can open the app with no network at all (the responses themselves live in IndexedDB, see
// web/src/public/interviewer-store.ts). API calls are never cached: they always go to the network.
const CACHE = 'chiso-interviewer-v1';
const SHELL = '/interviewer';

const isAsset = (url) => url.origin === self.location.origin && (url.pathname.startsWith('/assets/') || url.pathname === '/favicon.svg');

self.addEventListener('install', () => self.skipWaiting());

// the page sends the scripts and styles it loaded before this worker existed
self.addEventListener('message', (event) => {
  const urls = event.data && Array.isArray(event.data.cache) ? event.data.cache : [];
  event.waitUntil(
    caches.open(CACHE).then((cache) =>
      Promise.all(
        urls
          .map((u) => new URL(u, self.location.origin))
          .filter((u) => isAsset(u) || u.pathname === SHELL)
          .map((u) => fetch(u, { credentials: 'same-origin' }).then((res) => (res.ok ? cache.put(u.pathname === SHELL ? SHELL : u.href, res) : undefined)).catch(() => undefined)),
      ),
    ),
  );
});

self.addEventListener('fetch', (event) => {
  const req = event.request;
  if (req.method !== 'GET') return;
  const url = new URL(req.url);
  if (url.origin !== self.location.origin || url.pathname.startsWith('/api/')) return;
  if (req.mode === 'navigate') {
    // network first, so a new version arrives as soon as there is a connection
    event.respondWith(
      fetch(req)
        .then((res) => {
          if (res.ok) {
            const copy = res.clone();
            void caches.open(CACHE).then((c) => c.put(SHELL, copy));
          }
          return res;
        })
        .catch(() => caches.match(SHELL).then((hit) => hit || Response.error())),
    );
    return;
  }
  if (isAsset(url)) {
    // file names carry a content hash: a cached copy is always the right one
    event.respondWith(
      caches.match(req.url).then(
        (hit) =>
          hit ||
          fetch(req).then((res) => {
            if (res.ok) {
              const copy = res.clone();
              void caches.open(CACHE).then((c) => c.put(req.url, copy));
            }
            return res;
          }),
      ),
    );
  }
});
