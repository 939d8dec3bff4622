/// <reference lib="deno.worker" />
/** A test worker: posts "started", then appends a byte to the job's file every 5 ms, forever. */
self.onmessage = (e: MessageEvent<{ file: string }>) => {
  self.postMessage("started");
  setInterval(() => Deno.writeFileSync(e.data.file, new Uint8Array(1), { append: true }), 5);
};
