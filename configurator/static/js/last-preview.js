// 3D preview of a shoe or of its last, for every `.last-preview[data-glb-url]` and
// `.shoe-preview[data-glb-url]` element.
//
// The GLB is in millimetres, +y toward the toe, +z up, origin at the heel.
// The first view is three-quarters from the lateral side (data-side="left" | "right"; the
// lateral side of a left foot is -x), the same view as the catalog pictures.
// Rendering is on demand: on load, on resize and while the orbit controls move.
// Touch: one finger scrolls the page; two fingers turn and zoom; a tap on the preview lets
// one finger turn it too, until the shopper touches outside it.
// Changing data-glb-url loads the new model in place of the old one (the view is kept).
// Element contract (set by this module on the element):
//   data-rendered="true"   after the first frame that shows the model
//   data-loaded-url="..."  the data-glb-url of the model on screen
//   data-vertex-count="N"  vertices of all meshes in the model
//   data-rendered="error"  if WebGL or the GLB failed; the element then holds
//                          a readable message instead of the canvas.
// With data-foot-glb-url (a 3D foot measured on the mat, in the same heel-origin frame) the foot is drawn
// inside the last, translucent, so the allowance between them shows; data-foot-rendered="true" once it is.
import * as THREE from 'three';
import { GLTFLoader } from 'three/addons/loaders/GLTFLoader.js';
import { OrbitControls } from 'three/addons/controls/OrbitControls.js';

const ERROR_MESSAGE = 'The 3D preview could not be loaded.';
const BACKGROUND = 0xf3f1ed;
const FOV = 35; // degrees, vertical
const AZIMUTH = THREE.MathUtils.degToRad(35); // from the lateral side toward the toe
const ELEVATION = THREE.MathUtils.degToRad(22);
const reducedMotion = window.matchMedia('(prefers-reduced-motion: reduce)');
const coarsePointer = window.matchMedia('(pointer: coarse)');

function viewDirection(side) {
  const lateral = side === 'right' ? 1 : -1;
  return new THREE.Vector3(
    lateral * Math.cos(AZIMUTH) * Math.cos(ELEVATION),
    Math.sin(AZIMUTH) * Math.cos(ELEVATION),
    Math.sin(ELEVATION),
  ).normalize();
}

function showError(el, err) {
  console.error('preview:', el.dataset.glbUrl, err);
  el.replaceChildren();
  const p = document.createElement('p');
  p.className = 'last-preview__message';
  p.setAttribute('role', 'status');
  p.textContent = ERROR_MESSAGE;
  el.append(p);
  el.dataset.rendered = 'error';
}

function countVertices(root) {
  let count = 0;
  root.traverse((obj) => {
    if (obj.isMesh && obj.geometry.attributes.position) count += obj.geometry.attributes.position.count;
  });
  return count;
}

function dispose(root) {
  root.traverse((obj) => {
    if (!obj.isMesh) return;
    obj.geometry.dispose();
    (Array.isArray(obj.material) ? obj.material : [obj.material]).forEach((m) => m.dispose());
  });
}

// Place the camera so the bounding sphere of a model centred at the origin fills the view.
function frame(camera, controls, radius, direction) {
  const vFov = THREE.MathUtils.degToRad(camera.fov);
  const hFov = 2 * Math.atan(Math.tan(vFov / 2) * camera.aspect);
  // A shoe is long and low: its bounding sphere is mostly empty, so frame a little inside it.
  const distance = (0.8 * radius) / Math.sin(Math.min(vFov, hFov) / 2);
  camera.position.copy(direction).multiplyScalar(distance);
  camera.near = distance / 100;
  camera.far = distance * 10;
  camera.updateProjectionMatrix();
  controls.target.set(0, 0, 0);
  controls.minDistance = radius * 1.2;
  controls.maxDistance = distance * 4;
  controls.update();
}

function addHint(el) {
  const hint = document.createElement('p');
  hint.className = 'preview-hint';
  hint.setAttribute('aria-hidden', 'true');
  hint.textContent = coarsePointer.matches ? 'Tap, then drag to turn · or use two fingers' : 'Drag to turn';
  el.append(hint);
  return hint;
}

// One finger scrolls the page until the preview is tapped; then it turns the model.
function touchPolicy(el, canvas, controls) {
  function setActive(active) {
    el.classList.toggle('is-active', active);
    controls.touches.ONE = active ? THREE.TOUCH.ROTATE : null;
    canvas.style.touchAction = active ? 'none' : 'pan-y';
  }
  setActive(false);
  canvas.addEventListener('pointerup', (event) => {
    if (event.pointerType === 'touch') setActive(true);
  });
  document.addEventListener('pointerdown', (event) => {
    if (event.pointerType === 'touch' && !el.contains(event.target)) setActive(false);
  });
  controls.touches.TWO = THREE.TOUCH.DOLLY_ROTATE;
}

function initPreview(el) {
  if (getComputedStyle(el).position === 'static') el.style.position = 'relative';
  if (el.clientHeight === 0) el.style.aspectRatio = '4 / 3'; // the element needs a height

  const canvas = document.createElement('canvas');
  canvas.style.cssText = 'position:absolute;inset:0;width:100%;height:100%;display:block';
  canvas.setAttribute('role', 'img');
  canvas.setAttribute('aria-label', el.getAttribute('aria-label') || '3D preview');

  let renderer;
  try {
    renderer = new THREE.WebGLRenderer({ canvas, antialias: true, preserveDrawingBuffer: true });
  } catch (err) {
    showError(el, err);
    return;
  }
  el.append(canvas);
  const hint = addHint(el);
  canvas.addEventListener('webglcontextlost', (event) => showError(el, event));
  renderer.setPixelRatio(Math.min(window.devicePixelRatio || 1, 2));
  renderer.setClearColor(BACKGROUND);
  renderer.outputColorSpace = THREE.SRGBColorSpace;

  const scene = new THREE.Scene();
  const camera = new THREE.PerspectiveCamera(FOV, 1, 1, 5000);
  camera.up.set(0, 0, 1);
  const hemi = new THREE.HemisphereLight(0xffffff, 0x3a332c, 1.1);
  hemi.position.set(0, 0, 1); // sky is +z
  const key = new THREE.DirectionalLight(0xffffff, 2.4);
  key.position.set(-1, 1.2, 0.4); // relative to the camera: from above-left, follows the orbit
  camera.add(key); // a child's default target is the scene origin, where the model is centred
  scene.add(hemi, camera);

  const controls = new OrbitControls(camera, canvas);
  controls.addEventListener('start', () => hint.classList.add('is-hidden'));
  touchPolicy(el, canvas, controls);
  let model = null;
  let pending = 0;
  let loading = null;

  function render() {
    pending = 0;
    controls.update(); // with damping/auto-rotate this fires 'change' and so schedules the next frame
    renderer.render(scene, camera);
    if (model && el.dataset.loadedUrl !== model.userData.url) {
      el.dataset.vertexCount = String(countVertices(model));
      el.dataset.loadedUrl = model.userData.url;
      el.dataset.rendered = 'true';
    }
  }
  function requestRender() {
    if (!pending) pending = requestAnimationFrame(render);
  }
  function applyMotionPreference() {
    controls.enableDamping = !reducedMotion.matches;
    controls.autoRotate = el.hasAttribute('data-auto-rotate') && !reducedMotion.matches;
    requestRender();
  }
  function resize() {
    const width = el.clientWidth, height = el.clientHeight;
    if (!width || !height) return;
    renderer.setSize(width, height, false);
    camera.aspect = width / height;
    camera.updateProjectionMatrix();
    requestRender();
  }

  function load(url) {
    loading = url;
    el.setAttribute('aria-busy', 'true');
    new GLTFLoader().load(
      url,
      (gltf) => {
        if (loading !== url) { dispose(gltf.scene); return; } // a newer choice is on its way
        el.removeAttribute('aria-busy');
        const next = gltf.scene;
        next.userData.url = url;
        next.traverse((obj) => {
          if (obj.isMesh && !obj.geometry.attributes.normal) obj.geometry.computeVertexNormals();
        });
        const box = new THREE.Box3().setFromObject(next);
        if (box.isEmpty()) {
          showError(el, new Error('GLB contains no geometry'));
          return;
        }
        next.position.sub(box.getCenter(new THREE.Vector3()));
        const first = model === null;
        if (model) { scene.remove(model); dispose(model); }
        model = next;
        scene.add(model);
        if (first) frame(camera, controls, box.getBoundingSphere(new THREE.Sphere()).radius, viewDirection(el.dataset.side));
        requestRender();
        if (first && el.dataset.footGlbUrl) loadFoot(el, scene, model, requestRender);
      },
      undefined,
      (err) => {
        if (loading !== url) return;
        if (model) { el.removeAttribute('aria-busy'); console.error('preview:', url, err); return; }
        renderer.dispose();
        showError(el, err);
      },
    );
  }

  controls.addEventListener('change', requestRender);
  reducedMotion.addEventListener('change', applyMotionPreference);
  new ResizeObserver(resize).observe(el);
  new MutationObserver(() => load(el.dataset.glbUrl)).observe(el, { attributes: true, attributeFilter: ['data-glb-url'] });
  resize();
  applyMotionPreference();
  load(el.dataset.glbUrl);
}

// The measured foot, shifted like the last so both keep their shared heel origin; the last turns
// see-through so the foot inside it, and the room between them, can be seen.
function loadFoot(el, scene, last, requestRender) {
  new GLTFLoader().load(el.dataset.footGlbUrl, (gltf) => {
    last.traverse((obj) => {
      if (!obj.isMesh) return;
      obj.material = obj.material.clone();
      Object.assign(obj.material, { transparent: true, opacity: 0.35, depthWrite: false });
    });
    gltf.scene.traverse((obj) => {
      if (obj.isMesh) obj.material = new THREE.MeshStandardMaterial({ color: 0xc98b62 });
    });
    gltf.scene.position.copy(last.position);
    scene.add(gltf.scene);
    el.dataset.footRendered = 'true';
    requestRender();
  }, undefined, (err) => console.error('last-preview: foot', el.dataset.footGlbUrl, err));
}

document.querySelectorAll('.last-preview[data-glb-url], .shoe-preview[data-glb-url]').forEach(initPreview);
