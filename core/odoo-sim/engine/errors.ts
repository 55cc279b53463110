import { OdooServerError } from '../types';

/** Python repr of a JSON value, so error messages read like the ones Odoo prints. */
export function pyRepr(v: unknown): string {
  if (v === null || v === undefined) return 'None';
  if (v === true) return 'True';
  if (v === false) return 'False';
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : String(v);
  if (typeof v === 'string') return `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  if (Array.isArray(v)) {
    // Domain leaves are tuples in Python; lists of three with an operator in the middle print as tuples.
    if (v.length === 3 && typeof v[1] === 'string' && typeof v[0] === 'string') return `(${v.map(pyRepr).join(', ')})`;
    return `[${v.map(pyRepr).join(', ')}]`;
  }
  if (typeof v === 'object') {
    return `{${Object.entries(v as Record<string, unknown>)
      .map(([k, x]) => `${pyRepr(k)}: ${pyRepr(x)}`)
      .join(', ')}}`;
  }
  return String(v);
}

export const valueError = (msg: string) => new OdooServerError('builtins.ValueError', msg);
export const typeError = (msg: string) => new OdooServerError('builtins.TypeError', msg);
export const keyError = (msg: string) => new OdooServerError('builtins.KeyError', msg, [msg]);
export const attributeError = (msg: string) => new OdooServerError('builtins.AttributeError', msg);
export const userError = (msg: string) => new OdooServerError('odoo.exceptions.UserError', msg);
export const validationError = (msg: string) => new OdooServerError('odoo.exceptions.ValidationError', msg);
export const accessError = (msg: string) => new OdooServerError('odoo.exceptions.AccessError', msg);
export const accessDenied = () => new OdooServerError('odoo.exceptions.AccessDenied', 'Access Denied');
export const notFound = (msg: string) => new OdooServerError('werkzeug.exceptions.NotFound', msg);
export const unprocessable = (msg: string) => new OdooServerError('werkzeug.exceptions.UnprocessableEntity', msg);

export function missingError(model: string, ids: number[], uid: number): OdooServerError {
  const rec = `${model}(${ids.join(', ')}${ids.length === 1 ? ',' : ''})`;
  return new OdooServerError(
    'odoo.exceptions.MissingError',
    `Record does not exist or has been deleted.\n(Record: ${rec}, User: ${uid})`,
  );
}
