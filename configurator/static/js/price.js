// Live price on a style page: asks the API for a quote whenever an option changes.
(function () {
  const form = document.getElementById("design-form");
  if (!form) return;
  const price = document.getElementById("price");
  const problem = document.getElementById("price-problem");
  const money = (cents, currency) =>
    new Intl.NumberFormat("en", { style: "currency", currency }).format(cents / 100);

  async function update() {
    const options = Object.fromEntries(new FormData(form));
    delete options.csrf_token;
    const response = await fetch(form.dataset.quoteUrl, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ style: form.dataset.style, options }),
    });
    const body = await response.json();
    if (response.ok) {
      price.textContent = money(body.price_cents, body.currency);
      problem.hidden = true;
    } else {
      price.textContent = "—";
      problem.textContent = body.error.message;
      problem.hidden = false;
    }
    form.dataset.quoted = "true";
  }
  form.addEventListener("change", update);
  // An option chosen before this script ran (a slow page, a restored form) is priced too.
  update();
})();
