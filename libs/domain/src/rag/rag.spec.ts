import { analyseQuery, buildExtractiveAnswer, formatCitation, NOT_IN_DOCUMENTS } from './answer';
import { chunkPages } from './chunking';
import { embedTexts, EmbeddingsError, FetchLike } from './embeddings';
import { cosineSimilarity, reciprocalRankFusion } from './fusion';
import { detectHeading, findPointNumbers } from './points';

describe('numbered points and headings', () => {
  it('finds multi-level points but not decimals or dates', () => {
    expect(findPointNumbers('Según 6.2.1 y 6.2; no 0,5 ni 12/03/2020 ni 1.5 veces 3.4.5.')).toEqual(
      ['6.2.1', '6.2', '1.5', '3.4.5'],
    );
  });

  it.each([
    ['6.2.1 Luces de cruce', 'point', '6.2.1', 3],
    ['6.2.1. Luces de cruce', 'point', '6.2.1', 3],
    ['Artículo 12. Requisitos generales', 'article', 'Artículo 12', 2],
    ['ANEXO II', 'annex', 'Anexo II', 1],
    ['Capítulo 3 Ámbito', 'chapter', 'Capítulo 3', 1],
    ['## Alumbrado', 'markdown', null, 2],
  ])('reads %p as a heading', (line, kind, number, level) => {
    expect(detectHeading(line)).toMatchObject({ kind, number, level });
  });

  it('does not take a sentence or a number-led paragraph for a heading', () => {
    expect(detectHeading('Las luces deberán ser blancas.')).toBeNull();
    expect(
      detectHeading(
        '6.2.3 Las luces de cruce se instalarán a una altura mínima de 500 mm. Su número será de dos.',
      ),
    ).toBeNull();
  });
});

describe('chunkPages', () => {
  const pages = [
    {
      page: 1,
      text: 'REGLAMENTO 48\nCapítulo 6 Alumbrado\n6.2 Luces de cruce\n6.2.1 Número\nDos luces de cruce homologadas.\n6.2.2 Color\nBlanco.',
    },
    {
      page: 2,
      text: 'Continuación del color blanco en la página dos.\nArtículo 12. Sanciones\nMultas.',
    },
  ];

  it('starts a chunk at each heading and keeps point, section, hierarchy and pages', () => {
    const chunks = chunkPages(pages, { maxChars: 400, overlapChars: 50 });
    const byPoint = Object.fromEntries(chunks.map((chunk) => [chunk.article_number, chunk]));
    expect(byPoint['6.2.1']).toMatchObject({
      section_title: '6.2.1 Número',
      page_numbers: [1],
      heading_hierarchy: ['Capítulo 6 Alumbrado', '6.2 Luces de cruce', '6.2.1 Número'],
      point_numbers: ['6.2.1', '6.2'],
    });
    // The heading with no text of its own (6.2) travels with its first sub-point.
    expect(byPoint['6.2.1'].content).toContain('6.2 Luces de cruce\n6.2.1 Número');
    expect(byPoint['6.2.2'].page_numbers).toEqual([1, 2]);
    expect(byPoint['Artículo 12']).toMatchObject({
      page_numbers: [2],
      section_title: 'Artículo 12. Sanciones',
    });
    expect(chunks.map((chunk) => chunk.chunk_index)).toEqual(chunks.map((_, i) => i));
  });

  it('cuts long sections under the size limit with overlap and keeps the point', () => {
    const sentence = 'Las luces deberán cumplir la intensidad mínima prescrita en el ensayo. ';
    const chunks = chunkPages([{ page: 3, text: `6.5.4 Intermitentes\n${sentence.repeat(40)}` }], {
      maxChars: 500,
      overlapChars: 80,
    });
    expect(chunks.length).toBeGreaterThan(4);
    for (const chunk of chunks) {
      expect(chunk.content.length).toBeLessThanOrEqual(500 + 80);
      expect(chunk.article_number).toBe('6.5.4');
      expect(chunk.page_numbers).toEqual([3]);
    }
  });

  it('marks tabular text as a table', () => {
    const table =
      'Categoría\tAltura mín.\tAltura máx.\nM1\t500\t1200\nN1\t500\t1200\nN2\t500\t1500';
    const [chunk] = chunkPages([{ page: 1, text: table }]);
    expect(chunk.chunk_type).toBe('table');
  });

  it('returns nothing for pages without text', () => {
    expect(chunkPages([{ page: 1, text: '  \n ' }])).toEqual([]);
  });
});

describe('reciprocalRankFusion', () => {
  it('ranks ids found by several lists first, with k damping', () => {
    const fused = reciprocalRankFusion([
      { name: 'fts', ids: ['a', 'b', 'c'] },
      { name: 'trgm', ids: ['c', 'd'] },
    ]);
    expect(fused.map((r) => r.id)).toEqual(['c', 'a', 'b', 'd']);
    expect(fused[0].ranks).toEqual({ fts: 3, trgm: 1 });
    expect(fused[0].score).toBeCloseTo(1 / 63 + 1 / 61, 10);
  });

  it('applies list weights', () => {
    const fused = reciprocalRankFusion([
      { name: 'fts', ids: ['a'] },
      { name: 'points', ids: ['b'], weight: 3 },
    ]);
    expect(fused[0].id).toBe('b');
  });

  it('computes cosine similarity', () => {
    expect(cosineSimilarity([1, 0], [1, 0])).toBeCloseTo(1);
    expect(cosineSimilarity([1, 0], [0, 1])).toBeCloseTo(0);
    expect(cosineSimilarity([0, 0], [1, 1])).toBe(0);
  });
});

describe('answers and citations', () => {
  const passage = {
    document_title: 'Reglamento CEPE 48',
    document_number: 'R48',
    article_number: '6.2.1',
    section_title: '6.2.1 Número',
    page_numbers: [4],
    content:
      '6.2.1 Número. El vehículo llevará dos luces de cruce. Su color será blanco. La instalación es obligatoria en todas las categorías.',
  };

  it('formats citations by point, article or page', () => {
    expect(formatCitation(passage)).toBe('[R48, punto 6.2.1]');
    expect(formatCitation({ ...passage, article_number: 'Artículo 12' })).toBe(
      '[R48, Artículo 12]',
    );
    expect(formatCitation({ ...passage, article_number: null, document_number: null })).toBe(
      '[Reglamento CEPE 48, pág. 4]',
    );
  });

  it('analyses numbered points and articles in the query', () => {
    expect(analyseQuery('¿Qué dice el artículo 12 y el punto 6.2.1 sobre luces?')).toMatchObject({
      points: ['6.2.1'],
      articles: ['Artículo 12'],
      words: ['dice', 'articulo', 'punto', 'luces'],
    });
  });

  it('keeps the sentences that answer the question, cited', () => {
    const { answer, used } = buildExtractiveAnswer('¿De qué color son las luces de cruce?', [
      passage,
    ]);
    expect(answer).toContain('Su color será blanco.');
    expect(answer).toContain('[R48, punto 6.2.1]');
    expect(answer).not.toContain('obligatoria');
    expect(used).toEqual([0]);
  });

  it('leaves heading lines out and keeps numbers like 6.2.1 whole', () => {
    const { answer } = buildExtractiveAnswer('¿Qué dice el punto 6.2.1?', [
      {
        ...passage,
        content:
          '6.2 Luces de cruce\n6.2.1 Número\nSon obligatorias dos luces de cruce (ver 6.2.1.1). Fin.',
      },
    ]);
    // Named by its point: the passage answers with its opening sentences.
    expect(answer).toBe(
      'Son obligatorias dos luces de cruce (ver 6.2.1.1). Fin. [R48, punto 6.2.1]',
    );
  });

  it('says the documents do not cover it when no passage shares anything', () => {
    expect(buildExtractiveAnswer('precio del seguro de moto', [passage]).answer).toBe(
      NOT_IN_DOCUMENTS,
    );
    expect(buildExtractiveAnswer('luces', []).answer).toBe(NOT_IN_DOCUMENTS);
  });
});

describe('embedTexts', () => {
  const endpoint = { baseUrl: 'http://emb/v1', apiKey: 'k', model: 'm', timeoutMs: 1000 };
  const answering =
    (body: unknown, status = 200): FetchLike =>
    () =>
      Promise.resolve({ ok: status < 300, status, json: () => Promise.resolve(body) });

  it('returns vectors in input order using the response indexes', async () => {
    const calls: { url: string; body: string; headers: Record<string, string> }[] = [];
    const fetchImpl: FetchLike = (url, init) => {
      calls.push({ url, body: init.body, headers: init.headers });
      return answering({
        data: [
          { index: 1, embedding: [2] },
          { index: 0, embedding: [1] },
        ],
      })(url, init);
    };
    expect(await embedTexts(fetchImpl, endpoint, ['a', 'b'])).toEqual([[1], [2]]);
    expect(calls[0].url).toBe('http://emb/v1/embeddings');
    expect(JSON.parse(calls[0].body)).toEqual({ model: 'm', input: ['a', 'b'] });
    expect(calls[0].headers.Authorization).toBe('Bearer k');
  });

  it.each([
    [answering({}, 500), /answered 500/],
    [answering({ data: [] }), /no vector per input/],
    [answering({ data: [{ index: 0, embedding: ['x'] }] }), /malformed/],
  ])('fails clearly on a bad answer (%#)', async (fetchImpl, message) => {
    await expect(embedTexts(fetchImpl, endpoint, ['a'])).rejects.toThrow(EmbeddingsError);
    await expect(embedTexts(fetchImpl, endpoint, ['a'])).rejects.toThrow(message);
  });
});
