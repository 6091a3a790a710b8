import { CasePatch, CustomerPatch } from '../contract';
import { CaseFieldKey, CaseFieldValue } from './fields';

type Values = Partial<Record<CaseFieldKey, CaseFieldValue>>;

const text = (value: CaseFieldValue | undefined): string | undefined =>
  value === undefined ? undefined : String(value);

/** Customer columns for the personal fields present in `values` (others are left out). */
export function toCustomerPatch(values: Values): CustomerPatch {
  const patch: CustomerPatch = {};
  const set = <K extends keyof CustomerPatch>(key: K, value: CaseFieldValue | undefined): void => {
    const str = text(value);
    if (str !== undefined) patch[key] = str;
  };
  set('first_name', values.nombre);
  set('last_name', values.apellidos);
  set('nif_cif', values.dni_cif);
  set('email', values.email);
  set('domicilio_calle', values.domicilio_calle);
  set('domicilio_localidad', values.domicilio_localidad);
  set('domicilio_provincia', values.domicilio_provincia);
  set('domicilio_cp', values.domicilio_cp);
  return patch;
}

/**
 * Case columns for the vehicle, ITV and workshop fields present in `values`. An empty bastidor
 * ("no lo tengo") is stored as null. `taller_propio` is the engine's decision, never set here.
 */
export function toCasePatch(values: Values): CasePatch {
  const patch: CasePatch = {};
  if (values.marca !== undefined) patch.vehiculo_marca = String(values.marca);
  if (values.modelo !== undefined) patch.vehiculo_modelo = String(values.modelo);
  if (values.anio !== undefined) {
    const year = Number(values.anio);
    if (Number.isInteger(year)) patch.vehiculo_anio = year;
  }
  if (values.matricula !== undefined) patch.vehiculo_matricula = String(values.matricula);
  if (values.bastidor !== undefined) patch.vehiculo_bastidor = String(values.bastidor) || null;
  if (values.itv_nombre !== undefined) patch.itv_nombre = String(values.itv_nombre);
  const workshop = [
    'taller_nombre',
    'taller_responsable',
    'taller_domicilio',
    'taller_provincia',
    'taller_ciudad',
    'taller_telefono',
    'taller_registro_industrial',
    'taller_actividad',
  ] as const;
  for (const key of workshop) {
    const value = values[key];
    if (value !== undefined) patch[key] = String(value);
  }
  return patch;
}
