// ort_predict.mjs — ONNX Runtime's side of the inference benchmark (bench/ort.sh): runs an
// ONNX file through onnxruntime-node on uniform [0, 1) input of [n, 784], timed as
// predict_bench.c times nnc: batch B > 1 is throughput (samples in batches of B, one run call
// per batch, best of `repeats`), batch 1 is latency (`calls` run calls on one sample, best
// of `repeats` rounds). The input tensors are made before the clock starts.
// Usage: node ort_predict.mjs NODE_MODULES MODEL.onnx BATCH SAMPLES CALLS REPEATS THREADS
import { createRequire } from 'module';

const [modules, model, batchS, samplesS, callsS, repeatsS, threadsS] = process.argv.slice(2);
const ort = createRequire(import.meta.url)(modules + '/onnxruntime-node');
const [batch, samples, calls, repeats, threads] =
  [batchS, samplesS, callsS, repeatsS, threadsS].map(Number);

const session = await ort.InferenceSession.create(model, {
  intraOpNumThreads: threads, interOpNumThreads: 1, executionMode: 'sequential',
  graphOptimizationLevel: 'all',
});
const input = session.inputNames[0], features = 784;
const n = batch === 1 ? 1 : samples;
const data = new Float32Array(n * features);
let r = 0x12345678;
for (let i = 0; i < data.length; i++) { // a small LCG: the values do not matter, only the cost
  r = (Math.imul(r, 1664525) + 1013904223) >>> 0;
  data[i] = r / 4294967296;
}
const feeds = [];
for (let at = 0; at < n; at += batch) {
  const b = Math.min(batch, n - at);
  feeds.push({[input]: new ort.Tensor('float32', data.subarray(at * features, (at + b) * features),
                                      [b, features])});
}

async function round(times) {
  const t0 = process.hrtime.bigint();
  for (let k = 0; k < times; k++)
    for (const f of feeds)
      await session.run(f);
  return Number(process.hrtime.bigint() - t0) / 1e9;
}

await round(1); // warm-up
const perRound = batch === 1 ? calls : 1;
let best = Infinity;
for (let i = 0; i < repeats; i++)
  best = Math.min(best, await round(perRound));
const done = batch === 1 ? calls : samples;
console.log(JSON.stringify({side: 'onnxruntime', batch, threads,
  samples_per_s: +(done / best).toFixed(1),
  us_per_batch: +(best / done * batch * 1e6).toFixed(3)}));
