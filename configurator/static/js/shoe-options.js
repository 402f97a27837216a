// The style page's shoe follows the chosen options: on every change of the design form, the
// preview's data-glb-url gets the choices as its query string (last-preview.js then loads it).
const form = document.getElementById('design-form');
const preview = document.querySelector('.shoe-preview[data-glb-base]');

function choicesQuery() {
  const params = new URLSearchParams();
  for (const input of form.querySelectorAll('input[type="radio"]:checked')) params.set(input.name, input.value);
  return params.toString();
}

if (form && preview) {
  form.addEventListener('change', () => {
    preview.dataset.glbUrl = `${preview.dataset.glbBase}?${choicesQuery()}`;
  });
}
