// Straightforward reference implementations (recompute from scratch), independent of engine/signal.
export function smaRef(xs: number[], n: number): number[] {
  return xs.map((_, i) => (i + 1 < n ? NaN : xs.slice(i + 1 - n, i + 1).reduce((a, b) => a + b, 0) / n));
}

export function emaRef(xs: number[], n: number): number[] {
  const alpha = 2 / (n + 1);
  const out: number[] = [];
  let e = NaN;
  for (const x of xs) {
    e = Number.isNaN(e) ? x : alpha * x + (1 - alpha) * e;
    out.push(e);
  }
  return out;
}

export function rsiRef(xs: number[], n: number): number[] {
  const out: number[] = [NaN];
  let g = 0;
  let l = 0;
  for (let i = 1; i < xs.length; i++) {
    const d = (xs[i] as number) - (xs[i - 1] as number);
    const gain = Math.max(d, 0);
    const loss = Math.max(-d, 0);
    if (i < n) {
      g += gain;
      l += loss;
      out.push(NaN);
      continue;
    }
    if (i === n) {
      g = (g + gain) / n;
      l = (l + loss) / n;
    } else {
      g = (g * (n - 1) + gain) / n;
      l = (l * (n - 1) + loss) / n;
    }
    out.push(l === 0 ? (g === 0 ? 50 : 100) : 100 - 100 / (1 + g / l));
  }
  return out;
}

export function zscoreRef(xs: number[], n: number): number[] {
  return xs.map((x, i) => {
    if (i + 1 < n) return NaN;
    const w = xs.slice(i + 1 - n, i + 1);
    const m = w.reduce((a, b) => a + b, 0) / n;
    const sd = Math.sqrt(w.reduce((a, b) => a + (b - m) ** 2, 0) / n);
    return sd === 0 ? 0 : (x - m) / sd;
  });
}

export function vwapRef(ts: number[], px: number[], sz: number[], windowUs: number): number[] {
  return ts.map((t, i) => {
    let pv = 0;
    let v = 0;
    for (let j = 0; j <= i; j++) {
      if ((ts[j] as number) > t - windowUs) {
        pv += (px[j] as number) * (sz[j] as number);
        v += sz[j] as number;
      }
    }
    return v > 0 ? pv / v : NaN;
  });
}
