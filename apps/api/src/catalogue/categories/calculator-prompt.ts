import { WarningEntity } from '@app/database';
import { CategoryDetailResponseDto } from './dto/category.dto';

const SECTION_ORDER = ['algorithm', 'recognition_table', 'special_cases', 'footer'];

/**
 * The legacy "calculator" prompt preview (`GET /api/admin/categories/{id}/preview-prompt`): a
 * fixed header, the category's active prompt sections, its tiers and its warnings. Staff use it
 * to review what the sections say; the quote itself is computed by the engine, never by this
 * text.
 */
export const renderCalculatorPrompt = (
  category: CategoryDetailResponseDto,
  warnings: WarningEntity[],
): string => {
  const lines: string[] = [
    `# Calculadora de tarifas: ${category.name} (${category.slug})`,
    '',
    'Todos los precios son sin IVA. El presupuesto es una única tarifa por expediente, nunca una suma por elemento.',
    '',
  ];
  const sections = category.prompt_sections
    .filter((section) => section.is_active)
    .sort((a, b) => SECTION_ORDER.indexOf(a.section_type) - SECTION_ORDER.indexOf(b.section_type));
  for (const section of sections) lines.push(`## ${section.section_type}`, '', section.content, '');
  lines.push('## Tarifas', '');
  for (const tier of category.tariff_tiers.filter((t) => t.is_active)) {
    const range =
      tier.min_elements !== null || tier.max_elements !== null
        ? ` [${tier.min_elements ?? 1}–${tier.max_elements ?? '∞'} elementos]`
        : '';
    lines.push(
      `- ${tier.code} ${tier.name}: ${tier.price.toFixed(2)} EUR + IVA${range}${tier.conditions ? ` — ${tier.conditions}` : ''}`,
    );
  }
  if (warnings.length > 0) {
    lines.push('', '## Advertencias', '');
    for (const warning of warnings)
      lines.push(`- [${warning.severity}] ${warning.code}: ${warning.message}`);
  }
  return lines.join('\n');
};
