/**
 * The case's personal, vehicle and workshop data the agent collects after the offer is accepted:
 * what each field is called, how to ask for it and why it is needed.
 */

export type CaseSection = 'personal' | 'vehicle' | 'workshop';

export type CaseFieldKey =
  | 'nombre'
  | 'apellidos'
  | 'dni_cif'
  | 'email'
  | 'domicilio_calle'
  | 'domicilio_localidad'
  | 'domicilio_provincia'
  | 'domicilio_cp'
  | 'itv_nombre'
  | 'marca'
  | 'modelo'
  | 'anio'
  | 'matricula'
  | 'bastidor'
  | 'taller_nombre'
  | 'taller_responsable'
  | 'taller_domicilio'
  | 'taller_provincia'
  | 'taller_ciudad'
  | 'taller_telefono'
  | 'taller_registro_industrial'
  | 'taller_actividad';

export type CaseFieldValue = string | number;

export interface CaseFieldDef {
  key: CaseFieldKey;
  section: CaseSection;
  /** Spanish, lower case, for use inside sentences ("la matrícula"). */
  label: string;
  /**
   * Bastidor is optional. Workshop fields are required only when the customer uses their own
   * workshop; the engine decides whether that section is asked at all.
   */
  required: boolean;
  /** Spanish question asking for it, WhatsApp tone. */
  ask: string;
  /** Spanish one-liner: why the field is needed. */
  why: string;
  /** Folded (lower case, no accents) names a customer may use for the field. */
  synonyms: string[];
  /** A valid sample value, quoted in re-asks. */
  example: string;
}

export const CASE_FIELDS: readonly CaseFieldDef[] = [
  {
    key: 'nombre',
    section: 'personal',
    label: 'nombre',
    required: true,
    ask: '¿Cuál es tu nombre? (solo el nombre, por ejemplo Juan)',
    why: 'El expediente y el certificado van a nombre del titular del vehículo.',
    synonyms: ['nombre', 'nombre de pila', 'mi nombre', 'nombre del titular'],
    example: 'Juan',
  },
  {
    key: 'apellidos',
    section: 'personal',
    label: 'apellidos',
    required: true,
    ask: '¿Y tus apellidos? (por ejemplo Pérez García)',
    why: 'El expediente y el certificado van a nombre del titular del vehículo.',
    synonyms: ['apellidos', 'apellido', 'primer apellido', 'segundo apellido'],
    example: 'Pérez García',
  },
  {
    key: 'dni_cif',
    section: 'personal',
    label: 'DNI, NIE o CIF',
    required: true,
    ask: '¿Cuál es tu DNI, NIE o CIF? (por ejemplo 12345678Z)',
    why: 'Lo pide Industria para identificar al titular en la documentación de la homologación.',
    synonyms: [
      'dni',
      'nif',
      'cif',
      'nie',
      'dni cif',
      'dni nie',
      'nif cif',
      'documento de identidad',
      'documento nacional de identidad',
      'numero de identificacion fiscal',
      'identificacion fiscal',
    ],
    example: '12345678Z',
  },
  {
    key: 'email',
    section: 'personal',
    label: 'email',
    required: true,
    ask: '¿A qué email te enviamos la documentación? (por ejemplo juan@gmail.com)',
    why: 'Te enviamos por email el presupuesto, la factura y la documentación final.',
    synonyms: ['email', 'e mail', 'mail', 'correo', 'correo electronico', 'direccion de correo'],
    example: 'juan@gmail.com',
  },
  {
    key: 'domicilio_calle',
    section: 'personal',
    label: 'dirección',
    required: true,
    ask: '¿Cuál es tu dirección? (calle, número y piso, por ejemplo Calle Mayor 5, 2º B)',
    why: 'El domicilio del titular figura en la documentación que presentamos en Industria.',
    synonyms: ['direccion', 'domicilio', 'calle', 'direccion postal'],
    example: 'Calle Mayor 5, 2º B',
  },
  {
    key: 'domicilio_localidad',
    section: 'personal',
    label: 'localidad',
    required: true,
    ask: '¿En qué localidad vives? (por ejemplo Alcobendas)',
    why: 'El domicilio del titular figura en la documentación que presentamos en Industria.',
    synonyms: ['localidad', 'ciudad', 'poblacion', 'municipio', 'pueblo'],
    example: 'Alcobendas',
  },
  {
    key: 'domicilio_provincia',
    section: 'personal',
    label: 'provincia',
    required: true,
    ask: '¿De qué provincia? (por ejemplo Madrid)',
    why: 'El domicilio del titular figura en la documentación que presentamos en Industria.',
    synonyms: ['provincia'],
    example: 'Madrid',
  },
  {
    key: 'domicilio_cp',
    section: 'personal',
    label: 'código postal',
    required: true,
    ask: '¿Cuál es tu código postal? (5 cifras, por ejemplo 28001)',
    why: 'El domicilio del titular figura en la documentación que presentamos en Industria.',
    synonyms: ['cp', 'c p', 'codigo postal', 'cod postal', 'postal'],
    example: '28001',
  },
  {
    key: 'itv_nombre',
    section: 'personal',
    label: 'estación ITV',
    required: true,
    ask: '¿En qué estación ITV vas a pasar la inspección? (por ejemplo ITV Alcobendas)',
    why: 'Preparamos la documentación para la estación ITV donde vas a pasar la inspección.',
    synonyms: [
      'itv',
      'estacion itv',
      'estacion de itv',
      'centro itv',
      'centro de itv',
      'estacion de inspeccion',
      'nombre de la itv',
    ],
    example: 'ITV Alcobendas',
  },
  {
    key: 'marca',
    section: 'vehicle',
    label: 'marca',
    required: true,
    ask: '¿De qué marca es el vehículo? (por ejemplo Yamaha)',
    why: 'La marca identifica el vehículo en el informe técnico y en la ficha.',
    synonyms: ['marca', 'fabricante', 'marca del vehiculo'],
    example: 'Yamaha',
  },
  {
    key: 'modelo',
    section: 'vehicle',
    label: 'modelo',
    required: true,
    ask: '¿Qué modelo es? (por ejemplo MT-07)',
    why: 'El modelo identifica el vehículo en el informe técnico y en la ficha.',
    synonyms: ['modelo', 'modelo del vehiculo'],
    example: 'MT-07',
  },
  {
    key: 'anio',
    section: 'vehicle',
    label: 'año de matriculación',
    required: true,
    ask: '¿De qué año es el vehículo? (año de matriculación, por ejemplo 2015)',
    why: 'La normativa aplicable a la reforma depende del año del vehículo.',
    synonyms: [
      'ano',
      'anio',
      'ano de matriculacion',
      'fecha de matriculacion',
      'fecha de primera matriculacion',
      'ano de fabricacion',
      'matriculado en',
    ],
    example: '2015',
  },
  {
    key: 'matricula',
    section: 'vehicle',
    label: 'matrícula',
    required: true,
    ask: '¿Cuál es la matrícula del vehículo? (por ejemplo 1234 BCD)',
    why: 'La matrícula identifica el vehículo en Industria y en la ITV.',
    synonyms: ['matricula', 'placa', 'matri', 'numero de matricula', 'n matricula'],
    example: '1234 BCD',
  },
  {
    key: 'bastidor',
    section: 'vehicle',
    label: 'número de bastidor',
    required: false,
    ask: '¿Tienes a mano el número de bastidor (VIN)? Son 17 caracteres y viene en la ficha técnica. Si no lo tienes, dime "no lo tengo".',
    why: 'El bastidor identifica el vehículo sin error en el informe técnico; si no lo tienes, lo sacamos de la ficha técnica.',
    synonyms: [
      'bastidor',
      'vin',
      'num bastidor',
      'numero de bastidor',
      'n bastidor',
      'n de bastidor',
      'chasis',
      'numero de chasis',
    ],
    example: 'VF1RFB00X12345678',
  },
  {
    key: 'taller_nombre',
    section: 'workshop',
    label: 'nombre del taller',
    required: true,
    ask: '¿Cómo se llama el taller que hace la instalación? (por ejemplo Talleres Pérez SL)',
    why: 'El taller que monta la reforma firma el certificado de taller que pide la ITV.',
    synonyms: [
      'taller',
      'nombre del taller',
      'nombre taller',
      'taller se llama',
      'razon social del taller',
    ],
    example: 'Talleres Pérez SL',
  },
  {
    key: 'taller_responsable',
    section: 'workshop',
    label: 'responsable del taller',
    required: true,
    ask: '¿Quién es el responsable del taller? (nombre y apellidos)',
    why: 'El certificado de taller lo firma su responsable.',
    synonyms: [
      'responsable',
      'responsable del taller',
      'encargado',
      'encargado del taller',
      'jefe de taller',
      'persona de contacto',
    ],
    example: 'Pedro Gómez Ruiz',
  },
  {
    key: 'taller_domicilio',
    section: 'workshop',
    label: 'dirección del taller',
    required: true,
    ask: '¿Cuál es la dirección del taller? (calle y número)',
    why: 'La dirección del taller figura en el certificado de taller.',
    synonyms: [
      'direccion del taller',
      'domicilio del taller',
      'ubicacion del taller',
      'calle del taller',
    ],
    example: 'Calle Industria 12',
  },
  {
    key: 'taller_provincia',
    section: 'workshop',
    label: 'provincia del taller',
    required: true,
    ask: '¿En qué provincia está el taller?',
    why: 'La dirección del taller figura en el certificado de taller.',
    synonyms: ['provincia del taller'],
    example: 'Madrid',
  },
  {
    key: 'taller_ciudad',
    section: 'workshop',
    label: 'localidad del taller',
    required: true,
    ask: '¿En qué localidad está el taller?',
    why: 'La dirección del taller figura en el certificado de taller.',
    synonyms: [
      'ciudad del taller',
      'localidad del taller',
      'poblacion del taller',
      'municipio del taller',
    ],
    example: 'Getafe',
  },
  {
    key: 'taller_telefono',
    section: 'workshop',
    label: 'teléfono del taller',
    required: true,
    ask: '¿Cuál es el teléfono del taller? (por ejemplo 912 345 678)',
    why: 'Por si el ingeniero necesita confirmar algo de la instalación con el taller.',
    synonyms: [
      'telefono',
      'telefono del taller',
      'tlf',
      'tlfn',
      'tfno',
      'telf',
      'tel',
      'movil',
      'numero de telefono',
    ],
    example: '912345678',
  },
  {
    key: 'taller_registro_industrial',
    section: 'workshop',
    label: 'número de registro industrial del taller',
    required: true,
    ask: '¿Cuál es el número de registro industrial del taller? (lo tienen en su documentación o en la factura)',
    why: 'El certificado de taller solo es válido si el taller está inscrito en el registro industrial.',
    synonyms: [
      'registro industrial',
      'numero de registro industrial',
      'n registro industrial',
      'numero de registro',
      'n registro',
      'registro',
      'rii',
    ],
    example: '28/12345',
  },
  {
    key: 'taller_actividad',
    section: 'workshop',
    label: 'actividad del taller',
    required: true,
    ask: '¿Qué actividad tiene el taller? (por ejemplo mecánica, electricidad, carrocería)',
    why: 'La actividad del taller debe cubrir el tipo de reforma que certifica.',
    synonyms: ['actividad', 'actividad del taller', 'rama de actividad', 'especialidad'],
    example: 'mecánica y electricidad',
  },
];

const BY_KEY = new Map<CaseFieldKey, CaseFieldDef>(CASE_FIELDS.map((def) => [def.key, def]));

/** The section's fields in the order they are asked. */
export function fieldsOf(section: CaseSection): readonly CaseFieldDef[] {
  return CASE_FIELDS.filter((def) => def.section === section);
}

export function fieldDef(key: CaseFieldKey): CaseFieldDef {
  const def = BY_KEY.get(key);
  if (!def) throw new Error(`Unknown case field ${key}`);
  return def;
}

export const isCaseFieldKey = (value: string): value is CaseFieldKey =>
  BY_KEY.has(value as CaseFieldKey);
