// Small forms shared by the survey tests.
import type { SurveyForm } from './form';

export const likertForm = (perElement: Record<number, number>): SurveyForm => ({
  code: 'T',
  title: 'Thử',
  unitGroup: 'commune',
  questions: Object.entries(perElement).flatMap(([e, count]) =>
    Array.from({ length: count }, (_, i) => ({ code: `E${e}Q${i + 1}`, text: `Câu ${e}.${i + 1}`, type: 'likert5' as const, element: Number(e) })),
  ),
});

export const mixedForm: SurveyForm = {
  code: 'MIX',
  title: 'Phiếu hỗn hợp',
  unitGroup: 'commune',
  questions: [
    { code: 'L1', text: 'Chỗ ngồi', type: 'likert5', element: 1 },
    { code: 'M', text: 'Công chức', type: 'matrix', element: 3, rows: [{ code: 'M1', text: 'Lịch sự' }, { code: 'M2', text: 'Tận tình', element: 2 }] },
    { code: 'FB', text: 'Có góp ý không?', type: 'choice', options: ['co', 'khong'] },
    { code: 'F1', text: 'Góp ý được xử lý', type: 'likert5', element: 5, showIf: { question: 'FB', equals: 'co' } },
    { code: 'KENH', text: 'Kênh biết đến', type: 'multi', options: ['bao', 'dai', 'mang'] },
    { code: 'TUOI', text: 'Tuổi', type: 'number' },
    { code: 'YK', text: 'Ý kiến', type: 'text', maxLength: 5 },
    { code: 'YK2', text: 'Ý kiến thêm', type: 'text', required: true },
  ],
};
