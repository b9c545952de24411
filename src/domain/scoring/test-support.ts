// A small framework using every rule type, shared by the scoring tests (hand-computable maxima: 11 + 20 = 31).
import type { Framework } from '../framework/types';

export function sampleFramework(): Framework {
  return {
    code: 'T-2025',
    name: 'Bộ chỉ số thử nghiệm',
    year: 2025,
    unitGroup: 'department',
    bands: [
      { label: 'Tốt', minPercent: 80 },
      { label: 'Khá', minPercent: 65 },
      { label: 'Trung bình', minPercent: 50 },
      { label: 'Yếu', minPercent: 0 },
    ],
    items: [
      {
        code: '1',
        title: 'Chỉ đạo, điều hành',
        children: [
          { code: '1.1', title: 'Kế hoạch', maxPoints: 2, rule: { type: 'binary' } },
          {
            code: '1.2',
            title: 'Mức hoàn thành',
            maxPoints: 3,
            rule: {
              type: 'tiered',
              levels: [
                { label: 'Đạt', points: 3 },
                { label: 'Đạt một phần', points: 1.5 },
                { label: 'Không đạt', points: 0 },
              ],
            },
          },
          {
            code: '1.3',
            title: 'Tỷ lệ nhiệm vụ',
            maxPoints: 2,
            rule: {
              type: 'ratio',
              thresholds: [
                { minPercent: 100, points: 2 },
                { minPercent: 80, points: 1 },
                { minPercent: 0, points: 0 },
              ],
            },
          },
          { code: '1.4', title: 'Tỷ lệ tuyến tính', maxPoints: 4, rule: { type: 'ratio', linear: true }, allowNotApplicable: true },
          { code: '1.5', title: 'Sáng kiến', maxPoints: 1, rule: { type: 'bonus', pointsEach: 0.5 } },
        ],
      },
      {
        code: '2',
        title: 'Thủ tục hành chính',
        children: [
          { code: '2.1', title: 'Số TTHC cắt giảm', maxPoints: 3, rule: { type: 'count', pointsEach: 1 } },
          { code: '2.2', title: 'Vi phạm', maxPoints: 2, rule: { type: 'deduction', pointsEach: 0.5 } },
          { code: '2.3', title: 'Chấm tay', maxPoints: 5, rule: { type: 'manual' }, allowNotApplicable: true },
          { code: '2.4', title: 'SIPAS', maxPoints: 6, rule: { type: 'survey', source: 'sipas:overall' } },
          {
            code: '2.5',
            title: 'Đúng hạn',
            maxPoints: 5,
            rule: {
              type: 'data',
              indicator: 'on_time_rate',
              thresholds: [
                { minPercent: 95, points: 5 },
                { minPercent: 90, points: 3 },
                { minPercent: 0, points: 0 },
              ],
            },
          },
          { code: '2.6', title: 'Nhóm lồng', children: [{ code: '2.6.1', title: 'Lồng', maxPoints: 1, rule: { type: 'binary' } }] },
        ],
      },
    ],
  };
}
