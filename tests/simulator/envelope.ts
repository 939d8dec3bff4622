/** What every API answer is wrapped in, and how a bad request is answered. */

/** A JSON object, as the wire carries it. */
export type Json = Record<string, unknown>;

/** An endpoint's answer, and why the simulator rejected the call, when it did. */
export interface ApiResult {
  body: Json;
  status?: number;
  rejected?: string;
}

/** The envelope of a successful answer. */
export const OK = { apiError: false, errorCode: 0, errorMsg: "", statusCode: 200 };

/** An API error answer for a bad request. */
export function invalid(msg: string): Json {
  return { apiError: true, errorCode: 400, errorMsg: msg, statusCode: 400 };
}

/** The integer parameter `name` of a request, or why it is not one >= min. */
export function intParam(b: Json, name: string, min: number): number | string {
  const v = b[name];
  if (typeof v !== "number" || !Number.isInteger(v) || v < min) {
    return `${name} must be a JSON integer >= ${min} (got ${JSON.stringify(v)})`;
  }
  return v;
}
