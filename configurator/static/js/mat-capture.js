// The mat capture's phone page: each photo is sent as soon as it is taken and its verdict shown beside it
// (markers not found, too dark, too blurry); a retake replaces it. While the 3D job runs on a worker the
// page shows its progress and reloads when the result is there.
(function () {
  const form = document.getElementById("mat-capture");
  if (!form) return;
  const csrf = form.querySelector("input[name=csrf_token]").value;
  const progress = document.getElementById("mat-progress");

  async function send(input) {
    const item = input.closest(".shot");
    const feedback = item.querySelector(".feedback");
    item.dataset.state = "checking";
    feedback.removeAttribute("data-code");
    feedback.textContent = "Checking the photo…";
    const body = new FormData();
    body.append("photo", input.files[0]);
    body.append("csrf_token", csrf);
    try {
      const response = await fetch(input.dataset.uploadUrl, { method: "POST", body, headers: { Accept: "application/json" } });
      const answer = await response.json();
      if (!response.ok) {
        item.dataset.state = "retake";
        feedback.dataset.code = answer.error ? answer.error.code : "UPLOAD_FAILED";
        feedback.textContent = answer.error ? answer.error.message : "The photo could not be sent; try again.";
        return;
      }
      const report = answer.report;
      item.dataset.state = report.used ? "ok" : "retake";
      if (report.used) {
        feedback.textContent = `Good: ${report.markers} markers found.`;
      } else {
        feedback.dataset.code = report.code;
        feedback.textContent = `${report.message} Take it again.`;
      }
    } catch (err) {
      item.dataset.state = "retake";
      feedback.textContent = "The photo could not be sent; check the connection and try again.";
    } finally {
      input.value = "";
    }
  }

  form.querySelectorAll("input[type=file][data-upload-url]").forEach((input) => {
    input.addEventListener("change", () => { if (input.files.length) send(input); });
    if (input.files.length) send(input);   // a photo picked while the page was still loading this script
  });
  form.addEventListener("submit", () => { progress.hidden = false; });

  if (["queued", "reconstructing"].includes(form.dataset.state)) {
    setInterval(async () => {
      const response = await fetch(form.dataset.statusUrl, { headers: { Accept: "application/json" } });
      if (!response.ok) return;
      const capture = (await response.json()).captures[form.dataset.side];
      if (capture && !["queued", "reconstructing"].includes(capture.status)) window.location.reload();
    }, 1500);
  }
})();
