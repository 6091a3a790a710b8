import { ElementDocumentation, SnapshotRequiredField } from '../../../catalogue';
import { bullets, euros, joinAnd, numbered, plural } from './format';

export const caseOpened = (elementCount: number): string =>
  `¡Perfecto! He abierto tu expediente ✅ Vamos por partes: primero fotos y datos de ${elementCount === 1 ? 'la reforma' : `cada reforma (${elementCount})`}, luego la documentación del vehículo, tus datos, los del vehículo y el taller. Al final te enseño un resumen.`;

export const alreadyActive = (status: string): string =>
  `Ya tienes un expediente abierto (${statusName(status)}), así que no abro otro por ahora. Si quieres saber cómo va, escribe *estado*.`;

/** Photo request of one element: the catalogue's image titles and instructions when there are. */
export const elementPhotosPrompt = (doc: ElementDocumentation | null, name: string): string => {
  // Several example images may share a title (front and back of the same view): asked once.
  const wanted = [
    ...new Set(
      (doc?.images ?? [])
        .filter((image) => image.type !== 'warning' && image.type !== 'calculation')
        .map((image) => image.userInstruction ?? image.title ?? image.description)
        .filter((line): line is string => Boolean(line)),
    ),
  ];
  const list =
    wanted.length > 0
      ? `:\n${bullets(wanted)}`
      : ' donde se vea bien la pieza montada (y otra de la moto/vehículo entero con la matrícula).';
  return `📷 Envíame las fotos de *${name}*${list}\nCuando acabes escribe *listo*.`;
};

export const noPhotosYet = (name: string): string =>
  `Todavía no me ha llegado ninguna foto de *${name}*. Necesito al menos una para seguir.`;

export const noPhotosAvailable = (name: string): string =>
  `Sin fotos de *${name}* el ingeniero no puede valorar la reforma. Cuando puedas hacerlas, envíamelas por aquí; si tienes algún problema, escribe *agente* y te atiende un compañero.`;

export const photosReceived = (count: number): string =>
  `He recibido ${plural(count, 'foto', 'fotos')} 👍`;
export const photosRefused = (reasons: readonly string[]): string =>
  reasons.length === 1
    ? `1 no se pudo procesar: ${reasons[0] ?? 'formato no válido'}.`
    : `${reasons.length} no se pudieron procesar: ${joinAnd([...new Set(reasons)])}.`;
export const whenDoneSayListo = 'Cuando acabes escribe *listo*.';
export const noPhotosNeeded = 'Ahora mismo no necesito fotos 🙂';
export const photosLater = 'Las fotos te las pediré cuando abramos el expediente 😉';
export const noAudio = 'No puedo escuchar audios ni ver vídeos 🙈 ¿Me lo escribes?';
export const noFiles =
  'Por aquí solo puedo leer texto y fotos. Si es un documento, envíame una foto de él.';

const fieldHint = (field: SnapshotRequiredField): string => {
  const bits: string[] = [];
  if (field.fieldType === 'boolean') bits.push('sí/no');
  if (field.fieldType === 'select' && field.options) bits.push(field.options.join(' / '));
  if (field.exampleValue && field.fieldType !== 'select') bits.push(`ej. ${field.exampleValue}`);
  if (!field.isRequired) bits.push('opcional');
  return bits.length > 0 ? ` (${bits.join(', ')})` : '';
};

export const fieldsPrompt = (name: string, fields: readonly SnapshotRequiredField[]): string => {
  if (fields.length === 1 && fields[0]) {
    const label = fields[0].fieldLabel.replace(/^¿|\?$/g, '').trim();
    return `Sobre *${name}*: ¿${label}?${fieldHint(fields[0])}`;
  }
  return `Necesito estos datos de *${name}* (uno por línea, en este orden):\n${numbered(fields.map((f) => `${f.fieldLabel}${fieldHint(f)}`))}`;
};

export const elementDone = (name: string): string => `Listo, *${name}* completado ✅`;

export const baseDocsPrompt = (docs: readonly string[]): string =>
  `Ahora la documentación del vehículo 📄 Envíame fotos de:\n${bullets(docs)}\nCuando acabes escribe *listo*.`;

export const baseDocsMissing = (have: number, need: number): string =>
  `De la documentación llevo ${plural(have, 'foto', 'fotos')} y necesito al menos ${need} (ficha técnica por ambas caras y permiso de circulación).`;

export const workshopChoice = (certPrice: number | null): string =>
  `¿La reforma la certifica tu propio taller o prefieres el certificado de nuestro taller concertado${certPrice !== null ? ` (${euros(certPrice)})` : ''}? Responde *mi taller* o *el vuestro*.`;

export const finalized =
  'Expediente enviado a revisión ✅ Un técnico lo revisará y te escribiremos por aquí. Si necesitas algo más, aquí sigo.';

export const askCancel =
  '¿Seguro que quieres cancelar el expediente? Se perderá lo que llevamos (responde *sí* o *no*).';
export const cancelled = 'Expediente cancelado. Si más adelante quieres retomarlo, aquí estoy 🙂';
export const cancelKept = 'Perfecto, seguimos con el expediente.';
export const caseGone =
  'Tu expediente ya no está activo (lo ha cerrado o cancelado el equipo). Si quieres, empezamos uno nuevo: dime qué reforma quieres legalizar.';

const STATUS_NAMES: Record<string, string> = {
  collecting: 'recogiendo datos',
  pending_images: 'pendiente de fotos',
  pending_review: 'pendiente de revisión por un técnico',
  in_progress: 'en tramitación',
  resolved: 'resuelto',
  cancelled: 'cancelado',
  abandoned: 'abandonado',
};

export const statusName = (status: string): string => STATUS_NAMES[status] ?? status;

export const editWhat =
  '¿Qué quieres cambiar? Dime: *datos personales*, *vehículo*, *taller*, *documentación* o la reforma (por ejemplo *las fotos del escape*).';
