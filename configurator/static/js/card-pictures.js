// Catalog pictures are rendered and stored by `flask catalog seed`; a catalog seeded before that
// renders each on its first request (a second or so). They load after the page, so the catalog
// is usable at once either way.
function loadPictures() {
  for (const img of document.querySelectorAll('img.card-picture[data-src]')) img.src = img.dataset.src;
}
if (document.readyState === 'complete') loadPictures();
else window.addEventListener('load', loadPictures);
