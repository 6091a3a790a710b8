import { editDistance, foldText } from '../../catalogue/text';

/** The 50 provinces plus Ceuta and Melilla, with the co-official and older names customers use. */
const PROVINCES: readonly (readonly [string, ...string[]])[] = [
  ['Álava', 'Araba', 'Araba/Álava', 'Alava Araba'],
  ['Albacete'],
  ['Alicante', 'Alacant', 'Alicante/Alacant'],
  ['Almería'],
  ['Asturias', 'Principado de Asturias', 'Oviedo'],
  ['Ávila'],
  ['Badajoz'],
  ['Baleares', 'Islas Baleares', 'Illes Balears', 'Balears', 'Mallorca', 'Palma de Mallorca'],
  ['Barcelona'],
  ['Burgos'],
  ['Cáceres'],
  ['Cádiz'],
  ['Cantabria', 'Santander'],
  ['Castellón', 'Castelló', 'Castellón de la Plana', 'Castellon Castello'],
  ['Ciudad Real'],
  ['Córdoba'],
  ['A Coruña', 'La Coruña', 'Coruña', 'Coruna'],
  ['Cuenca'],
  ['Girona', 'Gerona'],
  ['Granada'],
  ['Guadalajara'],
  ['Gipuzkoa', 'Guipúzcoa', 'Guipuzcoa', 'San Sebastián', 'Donostia'],
  ['Huelva'],
  ['Huesca'],
  ['Jaén'],
  ['León'],
  ['Lleida', 'Lérida'],
  ['La Rioja', 'Rioja', 'Logroño'],
  ['Lugo'],
  ['Madrid', 'Comunidad de Madrid'],
  ['Málaga'],
  ['Murcia', 'Región de Murcia'],
  ['Navarra', 'Nafarroa', 'Pamplona'],
  ['Ourense', 'Orense'],
  ['Palencia'],
  ['Las Palmas', 'Gran Canaria', 'Las Palmas de Gran Canaria'],
  ['Pontevedra'],
  ['Salamanca'],
  ['Santa Cruz de Tenerife', 'Tenerife', 'Sta Cruz de Tenerife'],
  ['Segovia'],
  ['Sevilla'],
  ['Soria'],
  ['Tarragona'],
  ['Teruel'],
  ['Toledo'],
  ['Valencia', 'València'],
  ['Valladolid'],
  ['Bizkaia', 'Vizcaya', 'Bilbao'],
  ['Zamora'],
  ['Zaragoza'],
  ['Ceuta'],
  ['Melilla'],
];

const BY_FOLDED = new Map<string, string>();
for (const [canonical, ...aliases] of PROVINCES) {
  for (const name of [canonical, ...aliases]) BY_FOLDED.set(foldText(name), canonical);
}

/**
 * The canonical province for a customer's text ("alacant" → Alicante, "vizcaya" → Bizkaia), with
 * one typo allowed in names of 6+ letters ("barcelna") unless `typos` is false, or null.
 */
export function canonicalProvince(text: string, typos = true): string | null {
  const folded = foldText(text)
    .replace(/^(provincia de|provincia|prov)\s+/, '')
    .trim();
  if (!folded) return null;
  const exact = BY_FOLDED.get(folded);
  if (exact) return exact;
  if (!typos || folded.length < 6) return null;
  let best: string | null = null;
  for (const [name, canonical] of BY_FOLDED) {
    if (name.length >= 6 && editDistance(folded, name, 1) <= 1) {
      if (best && best !== canonical) return null; // ambiguous typo
      best = canonical;
    }
  }
  return best;
}
