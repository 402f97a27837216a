// Reloads the photo page when a photo's state changes, e.g. when a phone uploads one.
(function () {
  const results = document.getElementById("photo-results");
  if (!results) return;
  const shown = results.dataset.state;
  setInterval(async () => {
    const response = await fetch(results.dataset.statusUrl, { headers: { Accept: "application/json" } });
    if (!response.ok) return;
    const photos = (await response.json()).photos;
    const state = ["left", "right"].map((side) => (photos[side] ? photos[side].status : "none")).join(",");
    if (state !== shown) window.location.reload();
  }, 3000);
})();
