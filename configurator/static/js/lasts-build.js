// Follows the lasts' build job: shows its state, goes to the review when it is done, shows the failure (with the
// page's retry button) when it failed. Stops asking once the job is finished, and backs off while it waits.
(function () {
  const section = document.getElementById("lasts-build");
  if (!section || section.dataset.state === "failed") return;
  const labels = { queued: "waiting for a free builder", running: "building now" };
  let delayMs = 1000;
  const maxDelayMs = 10000;
  async function poll() {
    let job = null;
    try {
      const response = await fetch(section.dataset.statusUrl, { headers: { Accept: "application/json" } });
      if (response.ok) job = await response.json();
    } catch (error) {
      job = null;                       // offline for a moment: ask again later
    }
    if (job && job.state === "done") {
      window.location.assign(section.dataset.reviewUrl);
      return;
    }
    if (job && job.state === "failed") {
      section.dataset.state = "failed";
      document.getElementById("lasts-build-status").hidden = true;
      document.getElementById("lasts-build-error").textContent = job.error || "";
      document.getElementById("lasts-build-failed").hidden = false;
      return;
    }
    if (job) {
      section.dataset.state = job.state;
      document.getElementById("lasts-build-state").textContent = labels[job.state] || job.state;
    }
    delayMs = Math.min(maxDelayMs, delayMs * 1.5);
    window.setTimeout(poll, delayMs);
  }
  window.setTimeout(poll, delayMs);
})();
