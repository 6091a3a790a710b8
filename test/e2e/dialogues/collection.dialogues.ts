import { Dialogue } from './dialogue';

/**
 * Collecting a reform's photos and fields: numbers with units, out-of-range values, select
 * options and booleans (nothing stored on failure), photos that are no image or come from a
 * forbidden host, a photo whose webhook never came, corrections of a reform's data, and the
 * reform's photos and data edited from the summary.
 */
export const COLLECTION_DIALOGUES: Dialogue[] = [
  {
    name: 'element fields: select options, numbers with units, out of range, a correction',
    turns: [
      { say: 'quiero homologar el subchasis y los asideros de la moto', expect: ['410 €'] },
      { say: 'sí', expect: ['fotos de *Asideros'] },
      { photos: ['jpeg'], say: 'listo', expect: ['He recibido 1 foto', 'Tipo de sustitución'] },
      {
        say: 'de madera',
        expect: ['debe ser una de estas opciones: Piel, Metálico'],
        facts: {
          elements: { ASIDEROS: { status: 'pending_data', fields: { tipo_sustitucion: null } } },
        },
      },
      {
        say: 'metálicos',
        expect: ['*Asideros / Agarraderas* completado', 'fotos de *Subchasis*'],
        facts: {
          elements: { ASIDEROS: { status: 'completed', fields: { tipo_sustitucion: 'Metálico' } } },
        },
      },
      { photos: ['jpeg'], say: 'listo', expect: ['uno por línea', 'Nueva medida desde el tanque'] },
      {
        // 50 mm is under the minimum: only the valid answers are stored; 2 metros is 2000 mm.
        say: 'recorte del colín\n50 mm\n2 metros',
        expect: ['como mínimo 100'],
        facts: {
          elements: {
            SUBCHASIS: {
              status: 'pending_data',
              fields: {
                descripcion_modificacion: 'recorte del colín',
                medida_desde_tanque: null,
                nueva_longitud_total: 2000,
              },
            },
          },
        },
      },
      {
        say: '25 cm',
        expect: ['*Subchasis* completado', 'documentación del vehículo'],
        facts: {
          step: 'collect_base_docs',
          elements: { SUBCHASIS: { status: 'completed', fields: { medida_desde_tanque: 250 } } },
        },
      },
      {
        say: 'me equivoqué, la medida desde el tanque es 30 cm',
        expect: ['Corregido', '300', 'documentación del vehículo'],
        facts: {
          step: 'collect_base_docs',
          elements: { SUBCHASIS: { status: 'completed', fields: { medida_desde_tanque: 300 } } },
        },
      },
    ],
    facts: { cases: 1, photos: { ASIDEROS: 1, SUBCHASIS: 1 } },
  },
  {
    name: 'a batch answer with units fills every field of the handlebar at once',
    turns: [
      { say: 'el manillar de mi moto', expect: ['140 €'] },
      { say: 'sí', expect: ['fotos de *Manillar*'] },
      { photos: ['jpeg', 'jpeg'], say: 'listo', expect: ['He recibido 2 fotos', 'uno por línea'] },
      {
        say: 'Renthal\nFatbar\naluminio\n28 mm\n76 cm\n8,5 cm',
        expect: ['*Manillar* completado'],
        facts: {
          step: 'collect_base_docs',
          elements: {
            MANILLAR: {
              status: 'completed',
              fields: {
                marca: 'Renthal',
                modelo: 'Fatbar',
                material: 'Aluminio',
                diametro_mm: 28,
                nuevo_ancho_mm: 760,
                nueva_altura_mm: 85,
              },
            },
          },
        },
      },
    ],
  },
  {
    name: 'photos: a JPEG, a file that is no image and forbidden URLs (SSRF, also through a redirect)',
    turns: [
      { say: 'quiero homologar el escape de la moto', expect: ['140 €'] },
      { say: 'vale', expect: ['fotos de *Escape'] },
      {
        photos: [
          'jpeg',
          'invalid',
          { url: 'http://169.254.169.254/latest/meta-data/iam/security-credentials/' },
          { url: 'https://photos.evil.example/escape.jpg' },
        ],
        expect: [
          'He recibido 1 foto',
          '3 no se pudieron procesar',
          'no es una imagen válida',
          'no viene de una dirección permitida',
        ],
        facts: { photos: { ESCAPE: 1 }, step: 'collect_element_data' },
      },
      {
        // Through the allowed host: its redirect to the metadata service is checked too.
        photos: [
          { redirect: 'http://169.254.169.254/latest/meta-data/' },
          { url: 'http://127.0.0.1.evil.example/x.jpg' },
        ],
        expect: ['2 no se pudieron procesar', 'no viene de una dirección permitida'],
        not: ['He recibido'],
        facts: { photos: { ESCAPE: 1 } },
      },
      { say: 'listo', expect: ['Marca y modelo del escape'], facts: { photos: { ESCAPE: 1 } } },
    ],
    facts: { cases: 1, photos: { ESCAPE: 1, base: 0 } },
  },
  {
    name: '"listo" finds the photos whose webhook never came (reconciled with Chatwoot)',
    turns: [
      { say: 'quiero homologar el escape de la moto', expect: ['140 €'] },
      { say: 'vale', expect: ['fotos de *Escape'] },
      {
        missed: ['jpeg'],
        say: 'listo',
        expect: ['He recibido 1 foto', 'Marca y modelo del escape'],
        not: ['Todavía no me ha llegado'],
        facts: { photos: { ESCAPE: 1 }, elements: { ESCAPE: { status: 'pending_data' } } },
      },
      { say: 'Yoshimura R-77', expect: ['numero E'] },
      { say: 'si', expect: ['documentación del vehículo'] },
      { photos: ['jpeg'], expect: ['He recibido 1 foto'], facts: { photos: { base: 1 } } },
      {
        missed: ['jpeg', 'invalid'],
        say: 'ya está',
        expect: [
          'He recibido 1 foto',
          '1 no se pudo procesar',
          'Tengo guardados estos datos tuyos',
        ],
        facts: { step: 'collect_personal', photos: { ESCAPE: 1, base: 2 } },
      },
    ],
    facts: { cases: 1 },
  },
  {
    name: "a reform's data and photos edited from the summary; a photo outside a photo step",
    turns: [
      { say: 'quiero legalizar el escape de la moto', expect: ['140 €'] },
      { say: 'vale', expect: ['fotos de *Escape'] },
      { photos: ['jpeg', 'jpeg'], say: 'listo', expect: ['Marca y modelo del escape'] },
      { say: 'Akrapovic Slip-On', expect: ['numero E'] },
      {
        say: 'me equivoqué, la marca del escape es Arrow Pro-Race',
        expect: ['Corregido', 'Arrow Pro-Race', 'numero E'],
        facts: { elements: { ESCAPE: { fields: { marca_modelo: 'Arrow Pro-Race' } } } },
      },
      { say: 'no', expect: ['documentación del vehículo'] },
      { photos: ['jpeg', 'jpeg'], say: 'listo', expect: ['Tengo guardados estos datos tuyos'] },
      {
        photos: ['jpeg'],
        expect: ['Ahora mismo no necesito fotos'],
        facts: { photos: { ESCAPE: 2, base: 2 } },
      },
      { say: 'sí, son correctos', expect: ['DNI'] },
      {
        say: '12345678Z, juan@gmail.com, Calle Mayor 5, Alcobendas, Madrid, 28100, ITV Alcobendas',
        expect: ['datos del vehículo'],
      },
      { say: 'Yamaha MT-07 2019 1234 BCD', expect: ['bastidor'] },
      { say: 'no lo tengo', expect: ['*el vuestro*'] },
      {
        say: 'el vuestro',
        expect: ['Resumen', 'Arrow Pro-Race', 'Escape / Sistema de escape: 2 fotos'],
        facts: { step: 'review_summary', case: { vehiculo_marca: 'Yamaha' } },
      },
      { say: 'quiero cambiar la marca del escape', expect: ['Marca y modelo del escape'] },
      {
        say: 'Yoshimura R-77',
        expect: ['Corregido', 'Yoshimura R-77', '¿Está todo correcto?'],
        facts: {
          step: 'review_summary',
          elements: { ESCAPE: { status: 'completed', fields: { marca_modelo: 'Yoshimura R-77' } } },
          case: { vehiculo_marca: 'Yamaha' },
        },
      },
      {
        say: 'quiero mandar otra foto del escape',
        expect: ['fotos de *Escape'],
        facts: { step: 'collect_element_data' },
      },
      {
        photos: ['jpeg'],
        expect: ['He recibido 1 foto'],
        facts: { photos: { ESCAPE: 3, base: 2 } },
      },
      {
        say: 'listo',
        expect: ['Resumen', 'Escape / Sistema de escape: 3 fotos'],
        facts: { step: 'review_summary' },
      },
      { say: 'todo correcto', expect: ['Expediente enviado a revisión'] },
    ],
    facts: {
      cases: 1,
      caseStatus: 'pending_review',
      photos: { ESCAPE: 3, base: 2 },
      elements: { ESCAPE: { status: 'completed', fields: { homologacion_visible: false } } },
    },
  },
  {
    name: 'two reforms from "las dos": photos and fields of each, a skipped optional, conditional fields',
    turns: [
      { say: 'quiero homologar la suspensión de la moto', expect: ['¿Es la suspension delantera'] },
      { say: 'las dos', expect: ['325 €'] },
      {
        say: 'sí',
        expect: ['cada reforma (2)', 'fotos de *Suspension delantera'],
        facts: { caseElements: ['SUSPENSION_DEL', 'SUSPENSION_TRAS'], caseAmount: 325 },
      },
      { photos: ['jpeg'], say: 'listo', expect: ['Tipo de modificacion', 'Marca'] },
      { say: 'ambos', expect: ['¿Marca?'] },
      { say: 'Öhlins', expect: ['¿Modelo?', 'opcional'] },
      {
        say: 'no lo sé',
        expect: [
          '*Suspension delantera (barras/muelles)* completado',
          'fotos de *Suspension trasera*',
        ],
        facts: {
          elements: {
            SUSPENSION_DEL: {
              status: 'completed',
              fields: { tipo_modificacion: 'Ambos', marca: 'Öhlins', modelo: null },
            },
            SUSPENSION_TRAS: { status: 'pending_photos' },
          },
        },
      },
      { photos: ['jpeg'], say: 'listo', expect: ['¿Se cambia también el amortiguador?'] },
      {
        say: 'YSS\nMZ456\n280 mm\n1,2 cm\n46\nsí',
        expect: ['Marca del amortiguador'],
        facts: {
          elements: {
            SUSPENSION_TRAS: {
              status: 'pending_data',
              fields: { longitud_muelle: 280, grosor_espira: 12, cambio_amortiguador: true },
            },
          },
        },
      },
      { say: 'Bitubo', expect: ['Modelo del amortiguador'] },
      {
        say: 'XZE',
        expect: ['*Suspension trasera* completado', 'documentación del vehículo'],
        facts: {
          step: 'collect_base_docs',
          elements: {
            SUSPENSION_TRAS: { status: 'completed', fields: { modelo_amortiguador: 'XZE' } },
          },
        },
      },
    ],
    facts: { cases: 1, photos: { SUSPENSION_DEL: 1, SUSPENSION_TRAS: 1 } },
  },
  {
    name: '"no tengo fotos" is answered; three times in a row it goes to a person',
    turns: [
      { say: 'quiero homologar el escape de la moto', expect: ['140 €'] },
      { say: 'vale', expect: ['fotos de *Escape'] },
      { say: 'no tengo fotos', expect: ['Sin fotos de *Escape'] },
      { say: 'no tengo fotos', expect: ['Sin fotos de *Escape'] },
      {
        say: 'no tengo fotos',
        expect: ['Te paso con un compañero'],
        facts: { openEscalations: 1, caseStatus: 'collecting' },
      },
      { say: 'hola?', silent: true },
    ],
    facts: { openEscalations: 1, escalations: 1 },
  },
];
