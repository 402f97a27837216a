// Catalog pictures are rendered on their first request (seconds each): they load after the
// page, so the catalog is usable at once and the pictures appear as they are ready.
function loadPictures() {
  for (const img of document.querySelectorAll('img.card-picture[data-src]')) img.src = img.dataset.src;
}
if (document.readyState === 'complete') loadPictures();
else window.addEventListener('load', loadPictures);
