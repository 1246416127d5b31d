import { SluiceError, type SluiceErrorData } from '../errors/sluice-error';

/** What every transport carries back: a value, or an error as data. */
export type ApiResult<T> = { ok: true; value: T } | { ok: false; error: SluiceErrorData };

/** Turns anything thrown into error data. Unknown errors keep their message but get a generic code. */
export function toErrorData(error: unknown): SluiceErrorData {
  if (error instanceof SluiceError) return error.toData();
  if (error instanceof Error) return { name: error.name || 'Error', code: 'INTERNAL', message: error.message };
  return { name: 'Error', code: 'INTERNAL', message: String(error) };
}

/** Rebuilds an error on the receiving side so callers can branch on `code` and read `details`. */
export function fromErrorData(data: SluiceErrorData): SluiceError {
  const error = new SluiceError(data.code, data.message, data.details === undefined ? {} : { details: data.details });
  error.name = data.name;
  return error;
}

export async function settle<T>(work: () => Promise<T>): Promise<ApiResult<T>> {
  try {
    return { ok: true, value: await work() };
  } catch (error) {
    return { ok: false, error: toErrorData(error) };
  }
}

export function unwrap<T>(result: ApiResult<T>): T {
  if (result.ok) return result.value;
  throw fromErrorData(result.error);
}
