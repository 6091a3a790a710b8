import { joinAnd } from './format';

export const welcome = (categoryNames: readonly string[], askVehicle: boolean): string =>
  `¡Hola! 👋 Somos *MSI Automotive*, especialistas en homologación de reformas de vehículos. Te doy el presupuesto al momento, abro tu expediente y te ayudo con la documentación.\n¿Qué reforma quieres legalizar?${askVehicle ? ` ¿Y en qué vehículo? (${joinAnd(categoryNames)})` : ''}`;

export const hello = '¡Hola de nuevo! 👋';
export const thanks = '¡A ti! 😊';
export const goodbye = '¡Hasta pronto! Aquí estaré si necesitas algo 👋';
export const chitchat =
  'Yo solo sé de homologaciones de reformas 😅 pero en eso te ayudo encantado.';
export const notUnderstood = 'Perdona, no te he entendido bien.';
export const technicalProblem = 'Perdona, he tenido un problema técnico. ¿Puedes repetirlo?';
export const handOver =
  'Te paso con un compañero del equipo, te escribirá por aquí en cuanto pueda 🙏';
export const backFromHandOver = '¡Hola de nuevo! Sigo por aquí para lo que necesites.';
export const whyGeneric =
  'Lo necesita el ingeniero para preparar el informe técnico de la reforma que se presenta en la ITV.';
export const askWhatToLegalise = '¿Qué reforma quieres legalizar?';
export const timing = (urgent: string | null): string =>
  `El plazo depende de la reforma: cuando tengamos toda la documentación, un técnico lo revisa y te confirma los tiempos.${urgent ? ` Si tienes prisa, hay ${urgent}.` : ''}`;
