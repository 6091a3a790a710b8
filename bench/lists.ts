/* npm run bench:lists — latency of the admin SPA's list, search and KPI calls on a large database.
 *
 * Fills a throw-away database (migrated with the project's migrator) with 50k customers, 120k
 * conversations, 1M conversation messages, 100k cases, ~15k escalations and ~230k case images
 * in a few set-based statements (generate_series, no ORM), seeds the tariff catalogue, VACUUM
 * ANALYZEs, starts the api as a real process and times every list/search call the SPA makes,
 * sequentially over keep-alive: first page, a deep page, each filter and sort, text searches by
 * name/phone/email/plate, details and the dashboard KPIs. Prints p50/p95 per call against the
 * 50 ms goal. Figures only, never assertions.
 *
 *   --requests N   timed requests per call (default 60, after --warmup, default 10)
 *   --scale F      row counts × F (e.g. 0.1 for a quick look; default 1)
 *   --compare      also time the calls without the list-index migrations (reverted, then
 *                  re-applied) and print both columns
 *   --keep         keep the database afterwards (for EXPLAIN ANALYZE) and print its URL
 */
import { readFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { Agent, request } from 'node:http';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { buildDataSourceOptions, Migrator } from '@app/database';
import { CatalogueSeeder } from '../apps/api/src/catalogue/seed/catalogue-seeder';
import {
  adminToken,
  argFlag,
  argValue,
  benchEnv,
  BenchEnv,
  percentile,
  startApi,
  stop,
} from './support';

const GOAL_MS = 50;
const REQUESTS = Number(argValue('requests', '60'));
const WARMUP = Number(argValue('warmup', '10'));
const SCALE = Number(argValue('scale', '1'));
/** Migrations that only add indexes for these lists; `--compare` times the calls without them. */
const INDEX_MIGRATIONS = ['AdminListIndexes1796376900000'];

// --- data volumes ------------------------------------------------------------------------
const USERS = Math.round(50_000 * SCALE);
const CONVERSATIONS = Math.round(120_000 * SCALE);
const MESSAGES = Math.round(1_000_000 * SCALE);
const CASES = Math.round(100_000 * SCALE);
/** A few long conversations (staff open them too): BIG_CONVERSATIONS × BIG_EXTRA messages. */
const BIG_CONVERSATIONS = 10;
const BIG_EXTRA = Math.round(5_000 * SCALE);
/** Every other conversation with messages holds PER_CONVERSATION of them. */
const PER_CONVERSATION = 8;
const REGULAR_MESSAGES = MESSAGES - BIG_CONVERSATIONS * BIG_EXTRA;
const CONVERSATIONS_WITH_MESSAGES = Math.floor(REGULAR_MESSAGES / PER_CONVERSATION);
/** The last 4 % of customers never wrote (created by staff): their activity is created_at. */
const USERS_WITH_CONVERSATIONS = Math.floor(USERS * 0.96);
const FIRST_CHATWOOT_CONVERSATION = 200_000;
const DAY = 86_400;
const FILLED_TABLES = [
  'users',
  'conversation_history',
  'conversation_messages',
  'escalations',
  'cases',
  'case_images',
];

const sqlList = (values: string[]): string =>
  `ARRAY[${values.map((value) => `'${value.replace(/'/g, "''")}'`).join(',')}]`;
/** Deterministic pseudo-random bigint in [0, 2^32) from a text key (pg_temp.h below). */
const pick = (values: string[], key: string): string =>
  `(${sqlList(values)})[1 + pg_temp.h(${key}) % ${values.length}]`;

const FIRST_NAMES = [
  'Juan',
  'José',
  'Antonio',
  'Manuel',
  'Francisco',
  'David',
  'Javier',
  'Daniel',
  'Carlos',
  'Miguel',
  'Alejandro',
  'Rafael',
  'Pedro',
  'Pablo',
  'Sergio',
  'Fernando',
  'Jorge',
  'Luis',
  'Alberto',
  'Álvaro',
  'Adrián',
  'Diego',
  'Raúl',
  'Iván',
  'Rubén',
  'Óscar',
  'Andrés',
  'Ramón',
  'Enrique',
  'Vicente',
  'María',
  'Carmen',
  'Ana',
  'Laura',
  'Isabel',
  'Lucía',
  'Cristina',
  'Marta',
  'Elena',
  'Sara',
  'Paula',
  'Raquel',
  'Rosa',
  'Pilar',
  'Beatriz',
  'Silvia',
  'Nuria',
  'Patricia',
  'Inmaculada',
  'Montserrat',
  'Rocío',
  'Alicia',
  'Sonia',
  'Irene',
  'Noelia',
  'Iñaki',
  'Jordi',
  'Xavier',
  'Aitor',
  'Begoña',
];
const SURNAMES = [
  'García',
  'Rodríguez',
  'González',
  'Fernández',
  'López',
  'Martínez',
  'Sánchez',
  'Pérez',
  'Gómez',
  'Martín',
  'Jiménez',
  'Ruiz',
  'Hernández',
  'Díaz',
  'Moreno',
  'Muñoz',
  'Álvarez',
  'Romero',
  'Alonso',
  'Gutiérrez',
  'Navarro',
  'Torres',
  'Domínguez',
  'Vázquez',
  'Ramos',
  'Gil',
  'Ramírez',
  'Serrano',
  'Blanco',
  'Molina',
  'Morales',
  'Suárez',
  'Ortega',
  'Delgado',
  'Castro',
  'Ortiz',
  'Rubio',
  'Marín',
  'Sanz',
  'Núñez',
  'Iglesias',
  'Medina',
  'Garrido',
  'Cortés',
  'Castillo',
  'Santos',
  'Lozano',
  'Guerrero',
  'Cano',
  'Prieto',
  'Méndez',
  'Cruz',
  'Calvo',
  'Gallego',
  'Vidal',
  'León',
  'Márquez',
  'Herrera',
  'Peña',
  'Flores',
  'Cabrera',
  'Campos',
  'Vega',
  'Fuentes',
  'Carrasco',
  'Diez',
  'Caballero',
  'Reyes',
  'Nieto',
  'Aguilar',
  'Pascual',
  'Santana',
  'Herrero',
  'Lorenzo',
  'Montero',
  'Hidalgo',
  'Giménez',
  'Ibáñez',
  'Ferrer',
  'Durán',
  'Santiago',
  'Benítez',
  'Mora',
  'Vicente',
  'Vargas',
  'Arias',
  'Carmona',
  'Crespo',
  'Román',
  'Pastor',
  'Soto',
  'Sáez',
  'Velasco',
  'Moya',
  'Soler',
  'Parra',
  'Esteban',
  'Bravo',
  'Gallardo',
  'Rojas',
  'Echeverría',
  'Goikoetxea',
  'Puig',
  'Casals',
];
const DOMAINS = [
  'gmail.com',
  'hotmail.com',
  'yahoo.es',
  'outlook.es',
  'telefonica.net',
  'icloud.com',
];
const PROVINCES = [
  'Madrid',
  'Barcelona',
  'Valencia',
  'Sevilla',
  'Málaga',
  'Alicante',
  'Murcia',
  'Vizcaya',
  'Zaragoza',
  'Asturias',
  'Cádiz',
  'Granada',
  'A Coruña',
  'Navarra',
  'Baleares',
];
const CUSTOMER_TEXTS = [
  'hola buenas',
  'Hola, quiero homologar el escape de mi moto',
  'cuanto cuesta legalizar el manillar y los intermitentes?',
  'buenas tardes, tengo una autocaravana y quiero homologar unas placas solares',
  'vale perfecto',
  'si, adelante',
  'ok 👍',
  'te mando las fotos ahora',
  'listo',
  'mi matricula es 4821 KLM',
  'el bastidor es VSSZZZ6JZ9R123456',
  'se puede homologar un subchasis recortado?',
  'y el precio lleva iva?',
  'cuanto tardais mas o menos?',
  'no gracias, mejor no',
  'me lo pienso y os digo',
  'quiero hablar con una persona',
  'gracias!!',
  'el taller es Motos Hermanos López, en Getafe',
  'mi dni es 12345678Z',
  'el codigo postal es 28905',
  'kiero legalizar el escape y el manillar d mi moto',
  'tambien llevo suspension trasera nueva',
  'la ficha tecnica no la encuentro, vale el permiso de circulacion?',
  'toldo lateral y portabicis, cuanto seria?',
  'buenos dias, os escribo por el expediente',
  'perdona no te he entendido',
  'una pregunta, hay que pasar ITV despues?',
  'a que correo os mando la factura del taller?',
  'mañana os mando lo que falta',
];
const BOT_TEXTS = [
  '¡Hola! Soy el asistente de MSI. ¿Qué reforma quieres legalizar?',
  'La homologación del escape en tu moto cuesta 140 € +IVA. ¿Quieres que abramos el expediente?',
  'Perfecto, he abierto tu expediente. Envíame una foto de la ficha técnica por delante.',
  'Foto recibida. Cuando hayas enviado todas, escribe "listo".',
  '¿Me confirmas la matrícula del vehículo?',
  'Gracias. ¿Cuál es tu DNI o NIE?',
  'Este es el resumen de tu expediente. ¿Está todo correcto?',
  'Te paso con una persona del equipo, en breve te atienden.',
  'Perdona, no te he entendido. ¿Puedes decírmelo de otra forma?',
];
const MOTO_BRANDS = ['Honda', 'Yamaha', 'Kawasaki', 'Suzuki', 'BMW', 'KTM', 'Ducati', 'Triumph'];
const RV_BRANDS = [
  'Fiat Ducato',
  'Citroën Jumper',
  'Peugeot Boxer',
  'Mercedes Sprinter',
  'Ford Transit',
];
const MODELS = [
  'CB500F',
  'MT-07',
  'Z900',
  'GSX-S750',
  'R1250GS',
  'Duke 390',
  'Monster',
  'Street Triple',
  'Hymer B-Klasse',
  'Adria Coral',
];
const CASE_STATUS_BUCKETS: [number, string][] = [
  [8, 'collecting'],
  [13, 'pending_images'],
  [17, 'pending_review'],
  [20, 'in_progress'],
  [75, 'resolved'],
  [85, 'cancelled'],
  [100, 'abandoned'],
];
const ELEMENT_SETS = [
  '["ESCAPE"]',
  '["ESCAPE","MANILLAR"]',
  '["SUBCHASIS"]',
  '["SUSPENSION_TRAS"]',
  '["PLACA_SOLAR"]',
  '["TOLDO_LAT","PORTABICIS"]',
];
const AMOUNTS = ['140', '175', '210', '260', '410', '95', '320'];
const PLATE_LETTERS = 'BCDFGHJKLMNPRSTVWXYZ';

/** Row expressions shared by several statements (conversation n → its customer, its start). */
const userOf = (conversation: string): string =>
  `(1 + pg_temp.h('cu' || ${conversation}) % ${USERS_WITH_CONVERSATIONS})`;
const userId = (user: string): string => `pg_temp.uid('user:' || ${user})`;
const conversationUuid = (conversation: string): string =>
  `pg_temp.uid('conv:' || ${conversation})`;
const caseUuid = (kase: string): string => `pg_temp.uid('case:' || ${kase})`;
const startedAt = (conversation: string): string =>
  `($1::timestamptz - interval '4 days' - (pg_temp.h('cs' || ${conversation}) % ${700 * DAY}) * interval '1 second')`;
const professional = (user: string): string => `(pg_temp.h('ct' || ${user}) % 100 < 15)`;
const plateLetter = (key: string): string =>
  `substr('${PLATE_LETTERS}', 1 + (pg_temp.h(${key}) % ${PLATE_LETTERS.length})::int, 1)`;

function fillStatements(): { label: string; sql: string }[] {
  const lastUserK = (k: number): number => (k % 2 === 0 ? k - 2 : k - 1);
  const bigTotal = PER_CONVERSATION + BIG_EXTRA;
  const caseStatus = `CASE ${CASE_STATUS_BUCKETS.map(([upper, status]) => `WHEN pg_temp.h('st' || c) % 100 < ${upper} THEN '${status}'`).join(' ')} END`;
  return [
    {
      label: `users (${USERS.toLocaleString('en')})`,
      sql: `
        INSERT INTO users (id, phone, first_name, last_name, email, nif_cif, company_name,
          client_type, domicilio_localidad, domicilio_provincia, domicilio_cp,
          chatwoot_contact_id, metadata, created_at, updated_at, last_activity_at)
        SELECT ${userId('n')},
          CASE WHEN n % 40 = 0 THEN NULL ELSE '+34' || (600000000 + (n::bigint * 7919) % 100000000) END,
          CASE WHEN n % 20 = 0 THEN NULL ELSE fname END,
          s1 || ' ' || s2,
          CASE WHEN pg_temp.h('em' || n) % 10 < 6
            THEN lower(translate(coalesce(fname, 'cliente') || '.' || s1, 'áéíóúÁÉÍÓÚñÑ', 'aeiouAEIOUnN'))
                 || n || '@' || ${pick(DOMAINS, "'dm' || n")} END,
          CASE WHEN n % 2 = 0 THEN lpad((pg_temp.h('nif' || n) % 100000000)::text, 8, '0') || 'Z' END,
          CASE WHEN pro THEN 'Autocaravanas ' || s1 || ' S.L.' END,
          CASE WHEN pro THEN 'professional' ELSE 'particular' END,
          ${pick(PROVINCES, "'pv' || n")}, ${pick(PROVINCES, "'pv' || n")},
          lpad((1000 + pg_temp.h('cp' || n) % 51000)::text, 5, '0'),
          10000 + n,
          jsonb_build_object('whatsapp_name', coalesce(fname, s1), 'phone_status',
            CASE WHEN n % 40 = 0 THEN 'invalid' ELSE 'valid' END),
          created, created, created
        FROM (
          SELECT n, ${pick(FIRST_NAMES, "'fn' || n")} AS fname, ${pick(SURNAMES, "'s1' || n")} AS s1,
            ${pick(SURNAMES, "'s2' || n")} AS s2, ${professional('n')} AS pro,
            $1::timestamptz - (pg_temp.h('uc' || n) % ${730 * DAY}) * interval '1 second' AS created
          FROM generate_series(1, ${USERS}) n
        ) u`,
    },
    {
      label: `conversation_history (${CONVERSATIONS.toLocaleString('en')})`,
      sql: `
        INSERT INTO conversation_history (id, user_id, conversation_id, started_at, ended_at,
          message_count, last_message_at, summary, metadata, created_at)
        SELECT ${conversationUuid('c')}, ${userId(userOf('c'))},
          (${FIRST_CHATWOOT_CONVERSATION} + c)::text, started,
          CASE WHEN pg_temp.h('end' || c) % 10 < 6 THEN started + interval '6 hours' END,
          CASE WHEN c <= ${BIG_CONVERSATIONS} THEN ${bigTotal / 2}
               WHEN c <= ${CONVERSATIONS_WITH_MESSAGES} THEN ${PER_CONVERSATION / 2} ELSE 0 END,
          CASE WHEN c <= ${BIG_CONVERSATIONS} THEN started + ${lastUserK(bigTotal)} * interval '40 seconds'
               WHEN c <= ${CONVERSATIONS_WITH_MESSAGES} THEN started + ${lastUserK(PER_CONVERSATION)} * interval '40 seconds' END,
          NULL, '{}'::jsonb, started
        FROM (SELECT c, ${startedAt('c')} AS started FROM generate_series(1, ${CONVERSATIONS}) c) s`,
    },
    {
      label: 'users.last_activity_at (as the worker keeps it)',
      sql: `
        UPDATE users u SET last_activity_at = a.at
        FROM (SELECT user_id, MAX(COALESCE(last_message_at, started_at)) AS at
              FROM conversation_history WHERE started_at < $1::timestamptz GROUP BY user_id) a
        WHERE a.user_id = u.id`,
    },
    {
      label: `conversation_messages (${MESSAGES.toLocaleString('en')})`,
      sql: `
        INSERT INTO conversation_messages (conversation_history_id, role, content,
          chatwoot_message_id, reply_to_chatwoot_message_id, has_images, image_count,
          attachments, created_at, agent_turn_at)
        SELECT ${conversationUuid('c')},
          CASE WHEN k % 2 = 0 THEN 'user' ELSE 'assistant' END,
          CASE WHEN k % 2 = 0 THEN ${pick(CUSTOMER_TEXTS, "'mt' || m")} ELSE ${pick(BOT_TEXTS, "'bt' || m")} END,
          CASE WHEN k % 2 = 0 THEN m END,
          CASE WHEN k % 2 = 1 THEN m - stride END,
          k % 2 = 0 AND m % 20 = 0, CASE WHEN k % 2 = 0 AND m % 20 = 0 THEN 1 ELSE 0 END, NULL,
          ${startedAt('c')} + k * interval '40 seconds',
          CASE WHEN k % 2 = 0 THEN ${startedAt('c')} + k * interval '40 seconds' END
        FROM (
          SELECT m, 1 + (m - 1) % ${CONVERSATIONS_WITH_MESSAGES} AS c,
            (m - 1) / ${CONVERSATIONS_WITH_MESSAGES} AS k, ${CONVERSATIONS_WITH_MESSAGES} AS stride
          FROM generate_series(1, ${CONVERSATIONS_WITH_MESSAGES * PER_CONVERSATION}) m
          UNION ALL
          SELECT m, 1 + (m - ${CONVERSATIONS_WITH_MESSAGES * PER_CONVERSATION} - 1) % ${BIG_CONVERSATIONS},
            ${PER_CONVERSATION} + (m - ${CONVERSATIONS_WITH_MESSAGES * PER_CONVERSATION} - 1) / ${BIG_CONVERSATIONS},
            ${BIG_CONVERSATIONS}
          FROM generate_series(${CONVERSATIONS_WITH_MESSAGES * PER_CONVERSATION + 1},
            ${CONVERSATIONS_WITH_MESSAGES * PER_CONVERSATION + BIG_CONVERSATIONS * BIG_EXTRA}) m
        ) s`,
    },
    {
      label: `escalations (~${Math.round(CONVERSATIONS / 8).toLocaleString('en')})`,
      sql: `
        INSERT INTO escalations (id, conversation_id, user_id, reason, source, status,
          triggered_at, resolved_at, resolved_by, metadata)
        SELECT pg_temp.uid('esc:' || c), (${FIRST_CHATWOOT_CONVERSATION} + c)::text, ${userId(userOf('c'))},
          ${pick(['El cliente pide hablar con una persona', 'No he entendido al cliente 3 veces seguidas', 'La misma pregunta se ha repetido 3 veces sin avanzar', 'Asistente desactivado (botón de pánico)'], "'er' || c")},
          ${pick(['tool_call', 'auto_escalation', 'auto_escalation', 'agent_disabled', 'error'], "'es' || c")},
          status, triggered,
          CASE WHEN status = 'resolved' THEN least($1::timestamptz - (pg_temp.h('rn' || c) % ${3 * DAY}) * interval '1 second', triggered + (pg_temp.h('rt' || c) % ${3 * DAY}) * interval '1 second') END,
          CASE WHEN status = 'resolved' THEN ${pick(['Laura (admin)', 'Pedro', 'Marta', 'Sistema'], "'rb' || c")} END,
          jsonb_build_object('priority', 'normal', 'is_technical_error', false)
        FROM (
          SELECT c, ${startedAt('c')} + interval '5 minutes' AS triggered,
            CASE WHEN pg_temp.h('ess' || c) % 100 < 4 THEN 'pending'
                 WHEN pg_temp.h('ess' || c) % 100 < 6 THEN 'in_progress' ELSE 'resolved' END AS status
          FROM generate_series(1, ${CONVERSATIONS}) c
          WHERE pg_temp.h('esc' || c) % 8 = 0
        ) e`,
    },
    {
      label: `cases (${CASES.toLocaleString('en')})`,
      sql: `
        INSERT INTO cases (id, conversation_id, user_id, status, vehiculo_marca, vehiculo_modelo,
          vehiculo_anio, vehiculo_matricula, vehiculo_bastidor, category_id, element_codes,
          tariff_amount, taller_propio, taller_nombre, notes, metadata, created_at, updated_at,
          completed_at, resolved_at, resolved_by)
        SELECT ${caseUuid('c')}, (${FIRST_CHATWOOT_CONVERSATION} + c)::text, ${userId('u')}, status,
          CASE WHEN pro THEN ${pick(RV_BRANDS, "'mb' || c")} ELSE ${pick(MOTO_BRANDS, "'mb' || c")} END,
          ${pick(MODELS, "'md' || c")},
          CASE WHEN status <> 'collecting' THEN 1995 + (pg_temp.h('yr' || c) % 30)::int END,
          CASE WHEN status <> 'collecting' THEN
            lpad((pg_temp.h('pn' || c) % 10000)::text, 4, '0') || ${plateLetter("'p1' || c")}
            || ${plateLetter("'p2' || c")} || ${plateLetter("'p3' || c")} END,
          CASE WHEN status <> 'collecting' THEN 'VSS' || upper(substr(md5('vin' || c), 1, 14)) END,
          (SELECT id FROM vehicle_categories WHERE slug = CASE WHEN pro THEN 'aseicars-prof' ELSE 'motos-part' END),
          (${sqlList(ELEMENT_SETS)})[1 + pg_temp.h('el' || c) % ${ELEMENT_SETS.length}]::jsonb,
          (${sqlList(AMOUNTS)})[1 + pg_temp.h('am' || c) % ${AMOUNTS.length}]::numeric,
          false, CASE WHEN pg_temp.h('tl' || c) % 3 = 0 THEN 'Talleres ' || ${pick(SURNAMES, "'tn' || c")} END,
          CASE WHEN status IN ('resolved', 'cancelled') THEN '[' || to_char(created, 'YYYY-MM-DD HH24:MI') || ' - Laura] Estado cambiado a ' || status END,
          jsonb_build_object('category_slug', CASE WHEN pro THEN 'aseicars-prof' ELSE 'motos-part' END),
          created, created,
          CASE WHEN status IN ('pending_review', 'in_progress', 'resolved') THEN created + interval '1 day' END,
          CASE WHEN status = 'resolved' THEN least($1::timestamptz - (pg_temp.h('rn' || c) % ${3 * DAY}) * interval '1 second', created + (pg_temp.h('rs' || c) % ${20 * DAY}) * interval '1 second') END,
          CASE WHEN status = 'resolved' THEN ${pick(['Laura (admin)', 'Pedro', 'Marta'], "'rb' || c")} END
        FROM (
          SELECT c, ${userOf('c')} AS u, ${professional(userOf('c'))} AS pro, ${caseStatus} AS status,
            ${startedAt('c')} + interval '10 minutes' AS created
          FROM generate_series(1, ${CASES}) c
        ) k`,
    },
    {
      label: 'case_images (~2.3 per case)',
      sql: `
        INSERT INTO case_images (case_id, stored_filename, original_filename, mime_type,
          file_size, display_name, description, element_code, image_type, chatwoot_message_id,
          chatwoot_attachment_id, is_valid, created_at)
        SELECT ${caseUuid('c')}, md5('img:' || c || ':' || i) || '.jpg', 'IMG_' || (1000 + i) || '.jpg',
          'image/jpeg', 150000 + (pg_temp.h('sz' || c || i) % 2000000)::int,
          'case_' || substr(md5('case:' || c), 1, 8) || '_image_' || i, NULL,
          CASE WHEN i <= 2 THEN NULL ELSE 'ESCAPE' END,
          CASE WHEN i <= 2 THEN 'documentation' ELSE 'element_photo' END,
          NULL, c * 10 + i, CASE WHEN status = 'resolved' THEN true END,
          created + i * interval '1 minute'
        FROM (
          SELECT c, ${caseStatus} AS status, ${startedAt('c')} + interval '10 minutes' AS created
          FROM generate_series(1, ${CASES}) c
        ) k
        CROSS JOIN LATERAL generate_series(1, (pg_temp.h('ni' || c) % 6)::int) i
        WHERE status <> 'collecting'`,
    },
  ];
}

async function fill(env: BenchEnv): Promise<void> {
  const dataSource = new DataSource({
    ...buildDataSourceOptions({ url: env.dbUrl, poolMax: 1, applicationName: 'bench-seed' }),
    logging: ['error'],
  });
  await dataSource.initialize();
  await new CatalogueSeeder(dataSource).run();
  await dataSource.destroy();

  const pg = new Client({ connectionString: env.dbUrl });
  await pg.connect();
  const base = new Date();
  try {
    await pg.query(`SET synchronous_commit = off`);
    await pg.query(`SET maintenance_work_mem = '256MB'`);
    await pg.query(`
      CREATE FUNCTION pg_temp.h(key text) RETURNS bigint LANGUAGE sql IMMUTABLE
      AS $$ SELECT hashtext(key)::bigint + 2147483648 $$`);
    // Deterministic ids shaped like v4 UUIDs (the query DTOs validate the version).
    await pg.query(`
      CREATE FUNCTION pg_temp.uid(key text) RETURNS uuid LANGUAGE sql IMMUTABLE
      AS $$ SELECT overlay(overlay(md5(key) PLACING '4' FROM 13) PLACING '8' FROM 17)::uuid $$`);
    const started = performance.now();
    // Bulk load: secondary indexes are dropped and rebuilt afterwards from their exact
    // definitions (a build is much faster than a million incremental inserts), and the FK
    // triggers are off for this session (the generated rows are consistent by construction).
    const { rows: indexes } = await pg.query<{ name: string; def: string }>(
      `SELECT i.indexname AS name, i.indexdef AS def FROM pg_indexes i
       WHERE i.schemaname = 'public' AND i.tablename = ANY($1)
         AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)`,
      [FILLED_TABLES],
    );
    for (const { name } of indexes) await pg.query(`DROP INDEX "${name}"`);
    await pg.query(`SET session_replication_role = replica`);
    for (const { label, sql } of fillStatements()) {
      const t0 = performance.now();
      const result = await pg.query(sql, [base]);
      console.log(
        `  fill ${label.padEnd(36)} ${String(result.rowCount).padStart(9)} rows ` +
          `${((performance.now() - t0) / 1000).toFixed(1).padStart(6)} s`,
      );
    }
    await pg.query(`SET session_replication_role = DEFAULT`);
    let t0 = performance.now();
    for (const { def } of indexes) await pg.query(def);
    console.log(
      `  rebuilt ${indexes.length} indexes in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );
    t0 = performance.now();
    for (const table of FILLED_TABLES) await pg.query(`VACUUM (ANALYZE) ${table}`);
    console.log(
      `  vacuum analyze ${((performance.now() - t0) / 1000).toFixed(1)} s; ` +
        `fill total ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
  } finally {
    await pg.end();
  }
}

// --- the calls -----------------------------------------------------------------------------

interface Call {
  label: string;
  path: string;
}

interface Sample {
  ids: {
    richUser: string;
    bigConversation: string;
    conversation: string;
    case: string;
    richCaseUser: string;
  };
  phone: string;
  email: string;
  plate: string;
  firstName: string;
}

async function sample(dbUrl: string): Promise<Sample> {
  const pg = new Client({ connectionString: dbUrl });
  await pg.connect();
  try {
    const one = async <T>(sql: string): Promise<T> => {
      const { rows } = await pg.query(sql);
      if (!rows[0]) throw new Error(`no sample row: ${sql}`);
      return rows[0] as T;
    };
    const richUser = await one<{ id: string }>(
      `SELECT user_id AS id FROM conversation_history WHERE user_id IS NOT NULL
       GROUP BY user_id ORDER BY count(*) DESC, user_id LIMIT 1`,
    );
    const richCaseUser = await one<{ id: string }>(
      `SELECT user_id AS id FROM cases WHERE user_id IS NOT NULL
       GROUP BY user_id ORDER BY count(*) DESC, user_id LIMIT 1`,
    );
    const big = await one<{ id: string }>(
      `SELECT id FROM conversation_history ORDER BY message_count DESC, id LIMIT 1`,
    );
    const conversation = await one<{ id: string }>(
      `SELECT id FROM conversation_history WHERE message_count = ${PER_CONVERSATION / 2}
       ORDER BY conversation_id DESC LIMIT 1`,
    );
    const kase = await one<{ id: string; plate: string }>(
      `SELECT id, vehiculo_matricula AS plate FROM cases
       WHERE vehiculo_matricula IS NOT NULL ORDER BY created_at DESC LIMIT 1 OFFSET 137`,
    );
    const customer = await one<{ phone: string; email: string; first_name: string }>(
      `SELECT phone, email, first_name FROM users WHERE email IS NOT NULL AND phone IS NOT NULL
       ORDER BY created_at DESC LIMIT 1 OFFSET ${Math.floor(USERS / 12)}`,
    );
    return {
      ids: {
        richUser: richUser.id,
        bigConversation: big.id,
        conversation: conversation.id,
        case: kase.id,
        richCaseUser: richCaseUser.id,
      },
      phone: customer.phone,
      email: customer.email,
      plate: kase.plate,
      firstName: customer.first_name,
    };
  } finally {
    await pg.end();
  }
}

function calls(s: Sample): Call[] {
  const q = encodeURIComponent;
  const users = '/api/admin/users';
  const conversations = '/api/admin/conversations';
  const cases = '/api/admin/cases';
  const escalations = '/api/admin/escalations';
  const deepUsers = Math.floor(USERS / 2);
  const deepConversations = Math.floor(CONVERSATIONS / 2);
  const deepCases = Math.floor(CASES / 2);
  const phoneFragment = s.phone.slice(5, 11);
  const emailFragment = s.email.split('@')[0] ?? s.email;
  const list: Call[] = [
    { label: 'users: first page', path: `${users}` },
    { label: `users: page offset ${deepUsers}`, path: `${users}?offset=${deepUsers}` },
    { label: 'users: sort last_activity', path: `${users}?sort_by=last_activity` },
    {
      label: `users: sort last_activity offset ${deepUsers}`,
      path: `${users}?sort_by=last_activity&offset=${deepUsers}`,
    },
    { label: 'users: client_type=professional', path: `${users}?client_type=professional` },
    { label: 'users: search surname "García"', path: `${users}?search=${q('García')}` },
    { label: 'users: search name "Inmaculada"', path: `${users}?search=Inmaculada` },
    { label: `users: search phone "${phoneFragment}"`, path: `${users}?search=${phoneFragment}` },
    {
      label: `users: search email "${emailFragment}"`,
      path: `${users}?search=${q(emailFragment)}`,
    },
    {
      label: 'users: search "Ruiz" + professional',
      path: `${users}?search=Ruiz&client_type=professional`,
    },
    {
      label: 'users: search "Ruiz" sort last_activity',
      path: `${users}?search=Ruiz&sort_by=last_activity`,
    },
    { label: 'users: detail', path: `${users}/${s.ids.richUser}` },
    { label: 'conversations: first page', path: `${conversations}` },
    {
      label: `conversations: offset ${deepConversations}`,
      path: `${conversations}?offset=${deepConversations}`,
    },
    { label: 'conversations: sort last_activity', path: `${conversations}?sort_by=last_activity` },
    {
      label: `conversations: last_activity offset ${deepConversations}`,
      path: `${conversations}?sort_by=last_activity&offset=${deepConversations}`,
    },
    { label: 'conversations: sort created_at', path: `${conversations}?sort_by=created_at` },
    { label: 'conversations: user_id', path: `${conversations}?user_id=${s.ids.richUser}` },
    {
      label: 'conversations: user_id sort last_activity',
      path: `${conversations}?user_id=${s.ids.richUser}&sort_by=last_activity`,
    },
    { label: 'conversations: detail', path: `${conversations}/${s.ids.conversation}` },
    { label: 'messages: conversation', path: `${conversations}/${s.ids.conversation}/messages` },
    {
      label: `messages: long conversation`,
      path: `${conversations}/${s.ids.bigConversation}/messages`,
    },
    {
      label: `messages: long conv. offset ${BIG_EXTRA - 200}`,
      path: `${conversations}/${s.ids.bigConversation}/messages?offset=${BIG_EXTRA - 200}`,
    },
    {
      label: 'messages/stats: long conversation',
      path: `${conversations}/${s.ids.bigConversation}/messages/stats`,
    },
    { label: 'cases: first page', path: `${cases}` },
    { label: `cases: offset ${deepCases}`, path: `${cases}?offset=${deepCases}` },
    ...CASE_STATUS_BUCKETS.map(([, status]) => ({
      label: `cases: status=${status}`,
      path: `${cases}?status=${status}`,
    })),
    {
      label: `cases: status=resolved offset ${Math.floor(deepCases / 2)}`,
      path: `${cases}?status=resolved&offset=${Math.floor(deepCases / 2)}`,
    },
    { label: 'cases: user_id', path: `${cases}?user_id=${s.ids.richCaseUser}` },
    { label: 'cases: search surname "García"', path: `${cases}?search=${q('García')}` },
    { label: `cases: search name "${s.firstName}"`, path: `${cases}?search=${q(s.firstName)}` },
    {
      label: `cases: search email "${emailFragment}"`,
      path: `${cases}?search=${q(emailFragment)}`,
    },
    { label: `cases: search plate "${s.plate}"`, path: `${cases}?search=${q(s.plate)}` },
    {
      label: `cases: search plate part "${s.plate.slice(0, 4)}"`,
      path: `${cases}?search=${q(s.plate.slice(0, 4))}`,
    },
    {
      label: 'cases: search "Ruiz" + pending_review',
      path: `${cases}?search=Ruiz&status=pending_review`,
    },
    { label: 'cases: stats', path: `${cases}/stats` },
    { label: 'cases: detail', path: `${cases}/${s.ids.case}` },
    { label: 'escalations: first page', path: `${escalations}` },
    {
      label: `escalations: offset ${Math.floor(CONVERSATIONS / 16)}`,
      path: `${escalations}?offset=${Math.floor(CONVERSATIONS / 16)}`,
    },
    ...['pending', 'in_progress', 'resolved'].map((status) => ({
      label: `escalations: status=${status}`,
      path: `${escalations}?status=${status}`,
    })),
    { label: 'escalations: stats', path: `${escalations}/stats` },
    { label: 'dashboard: kpis', path: '/api/admin/dashboard/kpis' },
  ];
  return list;
}

// --- timing --------------------------------------------------------------------------------

const agent = new Agent({ keepAlive: true, maxSockets: 1 });

interface Timing {
  p50: number;
  p95: number;
  /** CPU time per request of the api process and its PostgreSQL backends (ms). */
  cpu: number;
  rows: number;
  total: number | null;
  error: string | null;
}

function get(url: string, token: string): Promise<{ ms: number; status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const req = request(
      url,
      { method: 'GET', agent, headers: { Authorization: `Bearer ${token}` } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            ms: Number(process.hrtime.bigint() - started) / 1e6,
            status: res.statusCode ?? 0,
            body: Buffer.concat(chunks).toString(),
          }),
        );
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/** utime + stime of processes in ms (clock ticks of 10 ms; averaged over many requests). */
const cpuMs = (pids: number[]): number =>
  pids.reduce((sum, pid) => {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
      return sum + (Number(fields[11]) + Number(fields[12])) * 10;
    } catch {
      return sum; // a pooled connection that closed meanwhile
    }
  }, 0);

/**
 * Every call once per round, rounds repeated (sequential, one request at a time): a burst of
 * load from other processes spreads over all calls instead of landing on one call's batch.
 */
async function timeAll(
  apiUrl: string,
  token: string,
  list: Call[],
  processes: () => Promise<number[]>,
): Promise<Timing[]> {
  const latencies = list.map((): number[] => []);
  const cpu = list.map(() => 0);
  const last = list.map(() => '');
  const errors = list.map((): string | null => null);
  for (let round = 0; round < WARMUP + REQUESTS; round += 1) {
    const pids = await processes();
    for (const [index, call] of list.entries()) {
      if (errors[index]) continue;
      const before = cpuMs(pids);
      const res = await get(`${apiUrl}${call.path}`, token);
      const spent = cpuMs(pids) - before;
      if (res.status !== 200) {
        errors[index] = `HTTP ${res.status} ${res.body}`;
        continue;
      }
      if (round >= WARMUP) {
        latencies[index]?.push(res.ms);
        cpu[index] = (cpu[index] ?? 0) + spent;
      }
      last[index] = res.body;
    }
  }
  return list.map((_, index) => {
    const error = errors[index] ?? null;
    if (error) return { p50: NaN, p95: NaN, cpu: NaN, rows: 0, total: null, error };
    const body = JSON.parse(last[index] ?? '{}') as {
      items?: unknown[];
      messages?: unknown[];
      total?: number;
    };
    const sorted = [...(latencies[index] ?? [])].sort((a, b) => a - b);
    return {
      p50: percentile(sorted, 50),
      p95: percentile(sorted, 95),
      cpu: (cpu[index] ?? 0) / REQUESTS,
      rows: (body.items ?? body.messages)?.length ?? 1,
      total: typeof body.total === 'number' ? body.total : null,
      error: null,
    };
  });
}

const ms = (value: number): string => (Number.isNaN(value) ? '—' : value.toFixed(1));
const verdict = (t: Timing): string => (t.error ? 'ERROR' : t.p95 <= GOAL_MS ? 'yes' : 'NO');

function printTable(list: Call[], after: Timing[], before: Timing[] | null): void {
  const width = Math.max(...list.map((call) => call.label.length)) + 2;
  const cols = (t: Timing): string =>
    `${ms(t.p50).padStart(7)} ${ms(t.p95).padStart(7)} ${ms(t.cpu).padStart(6)}`;
  const head =
    `${'call'.padEnd(width)} ` +
    (before
      ? `${'before: p50'.padStart(11)} ${'p95'.padStart(7)} ${'cpu'.padStart(6)}  after: `
      : '') +
    `${'p50 ms'.padStart(7)} ${'p95 ms'.padStart(7)} ${'cpu ms'.padStart(6)} ${'rows'.padStart(5)} ${'total'.padStart(7)}  goal met?`;
  console.log(head);
  console.log('-'.repeat(head.length));
  list.forEach((call, index) => {
    const t = after[index];
    const b = before?.[index];
    console.log(
      `${call.label.padEnd(width)} ${b ? `    ${cols(b)}         ` : ''}${cols(t)} ` +
        `${String(t.rows).padStart(5)} ${(t.total === null ? '' : String(t.total)).padStart(7)}  ` +
        `${verdict(t)}${b ? ` (before: ${verdict(b)})` : ''}`,
    );
    if (t.error) console.log(`    ${t.error.slice(0, 300)}`);
  });
  const met = after.filter((t) => verdict(t) === 'yes').length;
  const metBefore = before?.filter((t) => verdict(t) === 'yes').length;
  console.log(
    `goal p95 ≤ ${GOAL_MS} ms met by ${met}/${list.length} calls` +
      (metBefore === undefined ? '' : ` (without the list indexes: ${metBefore}/${list.length})`),
  );
  console.log(
    'cpu ms = CPU time per request of the api process and its PostgreSQL backends (clock-tick ' +
      'sampled, averaged; parallel query workers not included) — independent of other load',
  );
}

/** Reverts the trailing list-index migrations; returns how many were reverted. */
async function revertIndexMigrations(dbUrl: string): Promise<number> {
  const pg = new Client({ connectionString: dbUrl });
  await pg.connect();
  const migrator = await Migrator.connect(dbUrl);
  let reverted = 0;
  try {
    for (;;) {
      const { rows } = await pg.query<{ name: string }>(
        `SELECT name FROM typeorm_migrations ORDER BY id DESC LIMIT 1`,
      );
      if (!INDEX_MIGRATIONS.includes(rows[0]?.name ?? '')) break;
      await migrator.revert();
      reverted += 1;
    }
    await pg.query('ANALYZE');
  } finally {
    await migrator.close();
    await pg.end();
  }
  return reverted;
}

async function main(): Promise<void> {
  const keep = argFlag('keep');
  const compare = argFlag('compare');
  console.log(
    `bench:lists — ${availableParallelism()} cores (${cpus()[0]?.model.trim() ?? '?'}), Node ${process.version}, ` +
      `${REQUESTS} timed requests per call after ${WARMUP} warm-up, sequential, goal p95 ≤ ${GOAL_MS} ms`,
  );
  const fillStarted = performance.now();
  const env = await benchEnv();
  console.log(`database migrated; filling (scale ${SCALE})`);
  try {
    await fill(env);
    const pg = new Client({ connectionString: env.dbUrl });
    await pg.connect();
    const { rows: version } = await pg.query<{ v: string }>(
      `SELECT current_setting('server_version') AS v`,
    );
    const { rows: sizes } = await pg.query<{ t: string; n: string; size: string }>(`
      SELECT relname AS t, n_live_tup AS n, pg_size_pretty(pg_total_relation_size(relid)) AS size
      FROM pg_stat_user_tables
      WHERE relname IN ('users', 'conversation_history', 'conversation_messages', 'cases',
                        'escalations', 'case_images')
      ORDER BY relname`);
    await pg.end();
    console.log(
      `PostgreSQL ${version[0]?.v}; ${sizes.map((r) => `${r.t} ${Number(r.n).toLocaleString('en')} (${r.size})`).join(', ')}`,
    );
    console.log(
      `setup (create, migrate, fill) ${((performance.now() - fillStarted) / 1000).toFixed(0)} s`,
    );
    const s = await sample(env.dbUrl);
    const list = calls(s);
    const api = await startApi(env, { STAFF_RATE_LIMIT_PER_MINUTE: '1000000' });
    const probe = new Client({ connectionString: env.dbUrl });
    await probe.connect();
    const apiPid = api.process.child.pid ?? 0;
    const processes = async (): Promise<number[]> => {
      const { rows } = await probe.query<{ pid: number }>(
        `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`,
      );
      return [apiPid, ...rows.map((row) => row.pid)];
    };
    const phase = async (label: string): Promise<Timing[]> => {
      const load = loadavg()[0] ?? NaN;
      const started = performance.now();
      const timings = await timeAll(api.url, token, list, processes);
      console.log(
        `${label}: ${list.length} calls × ${REQUESTS} in ${((performance.now() - started) / 1000).toFixed(0)} s, ` +
          `load average (1 min) ${load.toFixed(1)} → ${(loadavg()[0] ?? NaN).toFixed(1)} on ${availableParallelism()} cores`,
      );
      return timings;
    };
    let token = '';
    try {
      token = await adminToken(api.url);
      let before: Timing[] | null = null;
      if (compare) {
        const reverted = await revertIndexMigrations(env.dbUrl);
        if (reverted === 0) {
          console.log('--compare: the list-index migrations are not the latest ones; skipped');
        } else {
          before = await phase(`without ${INDEX_MIGRATIONS.join(', ')} (reverted)`);
          const migrator = await Migrator.connect(env.dbUrl);
          const t0 = performance.now();
          await migrator.up();
          await migrator.close();
          console.log(
            `re-applied it in ${((performance.now() - t0) / 1000).toFixed(1)} s (index builds on the filled tables)`,
          );
          await probe.query('ANALYZE');
        }
      }
      const after = await phase(before ? 'with the list indexes' : 'timed');
      console.log('');
      printTable(list, after, before);
    } finally {
      agent.destroy();
      await probe.end();
      await stop(api.process);
    }
  } finally {
    if (keep) console.log(`kept database: ${env.dbUrl}`);
    else await env.cleanup();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
