import { Dialogue } from './dialogue';

/**
 * Cases from the offer to pending_review: every step, every validator of the personal and
 * vehicle data (with "nothing stored on failure" checked in the database), corrections, the
 * summary with an edit, cancel and status.
 */
export const CASE_DIALOGUES: Dialogue[] = [
  {
    name: 'accepting the offer opens one case (👍)',
    turns: [
      { say: 'quiero homologar el escape de la moto', expect: ['140 €'] },
      {
        say: '👍',
        expect: ['He abierto tu expediente', 'foto'],
        facts: {
          caseStatus: 'collecting',
          step: 'collect_element_data',
          elements: { ESCAPE: { status: 'pending_photos' } },
        },
      },
    ],
    facts: { cases: 1, caseStatus: 'collecting', caseAmount: 140, caseElements: ['ESCAPE'] },
  },
  {
    name: 'cancelling a case at the photo step asks first, then cancels',
    turns: [
      { say: 'quiero homologar el escape de la moto', expect: ['140 €'] },
      { say: 'vale', expect: ['foto'] },
      { say: 'quiero cancelar el expediente', expect: ['¿Seguro que quieres cancelar'] },
      { say: 'no, sigamos', expect: ['seguimos'], facts: { caseStatus: 'collecting' } },
      { say: 'mejor cancélalo', expect: ['¿Seguro que quieres cancelar'] },
      {
        say: 'si',
        expect: ['Expediente cancelado'],
        facts: { caseStatus: 'cancelled', step: 'idle' },
      },
    ],
    facts: { cases: 1, caseStatus: 'cancelled' },
  },
  {
    name: 'motos case end to end: photos, element fields, documents, every personal and vehicle validator, own workshop, an edit in the summary',
    tipo: 'Particular',
    turns: [
      { say: 'hola, quiero legalizar el escape de la moto', expect: ['140 €'] },
      { say: 'vale', expect: ['He abierto tu expediente', 'fotos de *Escape'] },
      {
        say: 'listo',
        expect: ['Todavía no me ha llegado ninguna foto'],
        facts: { step: 'collect_element_data', photos: { ESCAPE: 0 } },
      },
      {
        photos: ['jpeg', 'jpeg'],
        expect: ['He recibido 2 fotos', 'listo'],
        facts: { photos: { ESCAPE: 2 } },
      },
      { say: 'listo', expect: ['Marca y modelo del escape'] },
      {
        say: 'Akrapovic Slip-On',
        expect: ['Tiene numero E visible'],
        facts: {
          elements: {
            ESCAPE: { status: 'pending_data', fields: { marca_modelo: 'Akrapovic Slip-On' } },
          },
        },
      },
      // A boolean that is neither yes nor no: re-asked, nothing stored.
      {
        say: 'azul',
        expect: ['"sí" o "no"'],
        facts: { elements: { ESCAPE: { fields: { homologacion_visible: null } } } },
      },
      {
        say: 'sí',
        expect: ['*Escape / Sistema de escape* completado', 'documentación del vehículo'],
        facts: {
          step: 'collect_base_docs',
          elements: { ESCAPE: { status: 'completed', fields: { homologacion_visible: true } } },
        },
      },
      // One photo and "listo" in the same burst: one confirmation, and two are needed.
      {
        photos: ['jpeg'],
        say: 'listo',
        expect: ['He recibido 1 foto', 'necesito al menos 2'],
        facts: { step: 'collect_base_docs', photos: { base: 1 } },
      },
      { photos: ['jpeg'], expect: ['He recibido 1 foto'], facts: { photos: { base: 2 } } },
      {
        say: 'ya está',
        expect: ['Tengo guardados estos datos tuyos', 'Pérez García'],
        facts: { step: 'collect_personal' },
      },
      { say: 'no', expect: ['vamos a actualizarlos', 'DNI, NIE o CIF'] },
      {
        say: 'Me llamo Juan Pérez García, DNI 12345678A',
        expect: ['La letra del DNI no cuadra'],
        facts: { customer: { first_name: 'Juan', last_name: 'Pérez García', nif_cif: null } },
      },
      {
        say: 'mi dni es X1234567A',
        expect: ['La letra del NIE no cuadra'],
        facts: { customer: { nif_cif: null } },
      },
      {
        say: 'vale, es el CIF B12345670',
        expect: ['El dígito de control del CIF no cuadra'],
        facts: { customer: { nif_cif: null } },
      },
      { say: '12345678Z', expect: ['email'], facts: { customer: { nif_cif: '12345678Z' } } },
      {
        say: '¿por qué necesitáis el email?',
        expect: ['Te enviamos por email el presupuesto', '¿A qué email'],
      },
      {
        say: 'juan@gmail',
        expect: ['Ese email no parece correcto'],
        facts: { customer: { email: null } },
      },
      {
        say: 'juan.perez@gmail.con',
        expect: ['juan.perez@gmail.com'],
        facts: { customer: { email: null } },
      },
      {
        say: 'juan.perez@gmail.com',
        expect: ['dirección'],
        facts: { customer: { email: 'juan.perez@gmail.com' } },
      },
      { say: 'Calle Mayor 5, 2º B', expect: ['localidad'] },
      { say: 'Alcobendas', expect: ['provincia'] },
      { say: 'Madrid', expect: ['código postal'] },
      {
        say: '53000',
        expect: ['Ese código postal no es válido'],
        facts: { customer: { domicilio_cp: null, domicilio_provincia: 'Madrid' } },
      },
      { say: '28100', expect: ['ITV'], facts: { customer: { domicilio_cp: '28100' } } },
      {
        say: 'ITV Alcobendas',
        expect: ['datos del vehículo'],
        facts: { step: 'collect_vehicle', case: { itv_nombre: 'ITV Alcobendas' } },
      },
      {
        say: 'Yamaha MT-07',
        expect: ['año'],
        facts: { case: { vehiculo_marca: 'Yamaha', vehiculo_modelo: 'MT-07' } },
      },
      {
        say: '1850',
        expect: ['El año debe estar entre 1900'],
        facts: { case: { vehiculo_anio: null } },
      },
      { say: '2019', expect: ['matrícula'], facts: { case: { vehiculo_anio: 2019 } } },
      {
        say: '1234 ABC',
        expect: ['solo llevan consonantes'],
        facts: { case: { vehiculo_matricula: null } },
      },
      // An old provincial plate is valid.
      {
        say: 'M 1234 AB',
        expect: ['bastidor'],
        facts: { case: { vehiculo_matricula: 'M1234AB' } },
      },
      {
        say: 'VF1RFB00I12345678',
        expect: ['no lleva las letras I, O ni Q'],
        facts: { step: 'collect_vehicle', case: { vehiculo_bastidor: null } },
      },
      {
        say: 'VF1RFB00X12345678',
        expect: ['*mi taller* o *el vuestro*'],
        facts: { step: 'collect_workshop', case: { vehiculo_bastidor: 'VF1RFB00X12345678' } },
      },
      {
        say: 'me equivoqué, la matrícula es 5678 BCD',
        expect: ['Corregido', '5678BCD', '*mi taller* o *el vuestro*'],
        facts: { case: { vehiculo_matricula: '5678BCD', vehiculo_marca: 'Yamaha' } },
      },
      { say: 'mi taller', expect: ['datos del taller'], facts: { case: { taller_propio: true } } },
      {
        say: 'Talleres Pérez SL, Pedro Gómez Ruiz, Calle Industria 12, Madrid, Getafe, 912345678, 28/12345, mecánica',
        expect: ['Resumen de tu expediente', 'Talleres Pérez SL', '5678BCD', 'Akrapovic Slip-On'],
        facts: {
          step: 'review_summary',
          case: {
            taller_nombre: 'Talleres Pérez SL',
            taller_responsable: 'Pedro Gómez Ruiz',
            taller_telefono: '912345678',
            taller_registro_industrial: '28/12345',
            taller_actividad: 'mecánica',
          },
        },
      },
      { say: 'quiero cambiar el email', expect: ['¿A qué email'] },
      {
        say: 'ana.perez@gmail.com',
        expect: ['Corregido', 'ana.perez@gmail.com', '¿Está todo correcto?'],
        facts: { step: 'review_summary', customer: { email: 'ana.perez@gmail.com' } },
      },
      {
        say: 'sí, todo correcto',
        expect: ['Expediente enviado a revisión'],
        facts: { caseStatus: 'pending_review', step: 'idle' },
      },
      { say: '¿cómo va mi expediente?', expect: ['pendiente de revisión'] },
    ],
    facts: {
      cases: 1,
      caseStatus: 'pending_review',
      photos: { ESCAPE: 2, base: 2 },
      customer: {
        first_name: 'Juan',
        nif_cif: '12345678Z',
        domicilio_calle: 'Calle Mayor 5, 2º B',
        domicilio_localidad: 'Alcobendas',
      },
      openEscalations: 0,
    },
  },
  {
    name: 'autocaravana case (Profesional): photos only, CIF, data in one message, the partner workshop',
    tipo: 'Profesional',
    turns: [
      { say: 'buenas, quiero legalizar un toldo en la autocaravana', expect: ['galibo'] },
      { say: 'no afecta', expect: ['59 €'] },
      {
        say: 'adelante',
        expect: ['He abierto tu expediente', 'Toldo extendido'],
        facts: { caseStatus: 'collecting', caseElements: ['TOLDO_SIMPLE'], caseAmount: 59 },
      },
      {
        photos: ['jpeg', 'jpeg', 'jpeg'],
        say: 'listo',
        expect: ['He recibido 3 fotos', 'documentación'],
      },
      {
        photos: ['jpeg', 'jpeg'],
        say: 'ya las he enviado todas',
        expect: ['He recibido 2 fotos', 'Tengo guardados estos datos tuyos'],
        facts: { step: 'collect_personal', photos: { TOLDO_SIMPLE: 3, base: 2 } },
      },
      { say: 'sí', expect: ['DNI, NIE o CIF'] },
      {
        say: 'B12345674, flotas@caravanas.es, Avenida de la Industria 20, Getafe, Madrid, 28906, ITV Getafe',
        expect: ['datos del vehículo'],
        facts: {
          step: 'collect_vehicle',
          customer: { nif_cif: 'B12345674', email: 'flotas@caravanas.es', domicilio_cp: '28906' },
          case: { itv_nombre: 'ITV Getafe' },
        },
      },
      { say: 'Fiat Ducato, 2018, 1234 BCD', expect: ['bastidor'] },
      { say: 'no lo tengo a mano', expect: ['*mi taller* o *el vuestro*'] },
      { say: '¿qué es lo del certificado del taller?', expect: ['certificado del taller', '85 €'] },
      {
        say: 'el vuestro',
        expect: ['Resumen', 'Certificado de nuestro taller concertado', 'Toldo lateral'],
        facts: { case: { taller_propio: false, vehiculo_bastidor: null, vehiculo_anio: 2018 } },
      },
      { say: 'perfecto, todo correcto', expect: ['Expediente enviado a revisión'] },
    ],
    facts: { cases: 1, caseStatus: 'pending_review', customer: { client_type: 'professional' } },
  },
  {
    name: 'status and "¿por qué necesitáis esto?" inside a case, at every kind of step',
    turns: [
      { say: 'quiero homologar el manillar de la moto', expect: ['140 €'] },
      { say: 'sí', expect: ['fotos de *Manillar*'] },
      {
        say: '¿cómo va mi expediente?',
        expect: ['recogiendo datos', 'las fotos de Manillar', 'fotos de *Manillar*'],
      },
      { say: '¿por qué necesitáis esto?', expect: ['matrícula', 'fotos de *Manillar*'] },
      { photos: ['jpeg'], say: 'listo', expect: ['He recibido 1 foto', 'Manillar'] },
      {
        say: '¿y esto para qué lo queréis?',
        expect: ['informe técnico', 'Manillar'],
        not: ['Solicita'],
      },
    ],
    facts: { caseStatus: 'collecting', step: 'collect_element_data', photos: { MANILLAR: 1 } },
  },
];
