import { Role } from '../modules/identity/permissions';

/** The demo password is public (README); CHISO_DEMO=0 keeps these accounts out of a real installation. */
export const DEMO_PASSWORD = 'demo-ChiSo-2026';

export const DEMO_USERS: { username: string; displayName: string; role: Role; unitCode: string | null; includeDescendants?: boolean }[] = [
  { username: 'cchc', displayName: 'Phòng CCHC — Sở Nội vụ', role: Role.ReformAdmin, unitCode: null },
  { username: 'thamdinh', displayName: 'Nguyễn Thị Thẩm Định', role: Role.Appraiser, unitCode: null },
  { username: 'hoidong', displayName: 'Trần Văn Hội Đồng', role: Role.CouncilMember, unitCode: null },
  { username: 'daumoi.stp', displayName: 'Lê Minh Đầu Mối (Sở Tư pháp)', role: Role.UnitFocal, unitCode: 'HL-STP' },
  { username: 'thutruong.stp', displayName: 'Phạm Quang Thủ Trưởng (Sở Tư pháp)', role: Role.UnitHead, unitCode: 'HL-STP' },
  { username: 'daumoi.x001', displayName: 'Hoàng Thu Đầu Mối (Phường Tân Phong)', role: Role.UnitFocal, unitCode: 'HL-X001' },
  { username: 'thutruong.x001', displayName: 'Vũ Đức Chủ Tịch (Phường Tân Phong)', role: Role.UnitHead, unitCode: 'HL-X001' },
  { username: 'dieutra', displayName: 'Đỗ Văn Điều Tra', role: Role.Interviewer, unitCode: 'HL', includeDescendants: true },
  { username: 'xem', displayName: 'Người xem', role: Role.Viewer, unitCode: null },
];
