// Generates demo/units.csv: a fictional merged province in the post-2025 shape, its two pre-2025
// provinces with their districts, departments and communes, and the lineage between them.
// Deterministic (fixed seed) so the committed file is reproducible: `npx tsx scripts/generate-demo-units.ts`.
import { writeFileSync } from 'node:fs';
import { toCsv } from '../src/formats/csv';

let seed = 20250701;
const rand = () => {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed / 2147483648;
};

const MERGE_END = '2025-06-30';
const MERGE_START = '2025-07-01';
const rows: string[][] = [];
const add = (code: string, name: string, group: string, parent: string, from: string, to: string, successors: string[] = []) =>
  rows.push([code, name, group, parent, from, to, successors.join(';')]);

add('HL', 'UBND tỉnh Hoàng Liên (dữ liệu mẫu)', 'province', '', MERGE_START, '');
add('BH', 'UBND tỉnh Bắc Hà cũ (dữ liệu mẫu)', 'province', '', '2004-01-01', MERGE_END, ['HL']);
add('NL', 'UBND tỉnh Nghĩa Lộ cũ (dữ liệu mẫu)', 'province', '', '2004-01-01', MERGE_END, ['HL']);

// New departments, and which old departments (per old province) merged into each.
const departments: [string, string, string[]][] = [
  ['SNV', 'Sở Nội vụ', ['SNV', 'SLDTBXH']],
  ['STP', 'Sở Tư pháp', ['STP']],
  ['STC', 'Sở Tài chính', ['STC', 'SKHDT']],
  ['SCT', 'Sở Công Thương', ['SCT']],
  ['SNNMT', 'Sở Nông nghiệp và Môi trường', ['SNNPTNT', 'STNMT']],
  ['SXD', 'Sở Xây dựng', ['SXD', 'SGTVT']],
  ['SGDDT', 'Sở Giáo dục và Đào tạo', ['SGDDT']],
  ['SYT', 'Sở Y tế', ['SYT']],
  ['SKHCN', 'Sở Khoa học và Công nghệ', ['SKHCN', 'STTTT']],
  ['SVHTTDL', 'Sở Văn hóa, Thể thao và Du lịch', ['SVHTTDL']],
  ['SDTTG', 'Sở Dân tộc và Tôn giáo', ['BDT']],
  ['SNGV', 'Sở Ngoại vụ', ['SNGV']],
  ['TTT', 'Thanh tra tỉnh', ['TTT']],
  ['VPUBND', 'Văn phòng UBND tỉnh', ['VPUBND']],
  ['BQLKKT', 'Ban Quản lý Khu kinh tế', ['BQLKKT']],
  ['TTPVHCC', 'Trung tâm Phục vụ hành chính công tỉnh', ['TTPVHCC']],
  ['DPTTH', 'Báo và Phát thanh, Truyền hình tỉnh', ['DPTTH']],
  ['BQLDA', 'Ban Quản lý dự án đầu tư xây dựng tỉnh', ['BQLDA']],
  ['BHXH', 'Bảo hiểm xã hội tỉnh', ['BHXH']],
  ['CA', 'Công an tỉnh', ['CA']],
];
const oldDeptNames: Record<string, string> = {
  SNV: 'Sở Nội vụ', SLDTBXH: 'Sở Lao động - Thương binh và Xã hội', STP: 'Sở Tư pháp', STC: 'Sở Tài chính',
  SKHDT: 'Sở Kế hoạch và Đầu tư', SCT: 'Sở Công Thương', SNNPTNT: 'Sở Nông nghiệp và Phát triển nông thôn',
  STNMT: 'Sở Tài nguyên và Môi trường', SXD: 'Sở Xây dựng', SGTVT: 'Sở Giao thông vận tải', SGDDT: 'Sở Giáo dục và Đào tạo',
  SYT: 'Sở Y tế', SKHCN: 'Sở Khoa học và Công nghệ', STTTT: 'Sở Thông tin và Truyền thông',
  SVHTTDL: 'Sở Văn hóa, Thể thao và Du lịch', BDT: 'Ban Dân tộc', SNGV: 'Sở Ngoại vụ', TTT: 'Thanh tra tỉnh',
  VPUBND: 'Văn phòng UBND tỉnh', BQLKKT: 'Ban Quản lý Khu kinh tế', TTPVHCC: 'Trung tâm Phục vụ hành chính công tỉnh',
  DPTTH: 'Đài Phát thanh và Truyền hình tỉnh', BQLDA: 'Ban Quản lý dự án đầu tư xây dựng tỉnh', BHXH: 'Bảo hiểm xã hội tỉnh', CA: 'Công an tỉnh',
};
for (const [code, name] of departments) add(`HL-${code}`, name, 'department', 'HL', MERGE_START, '');
for (const old of ['BH', 'NL']) {
  const provinceName = old === 'BH' ? 'Bắc Hà' : 'Nghĩa Lộ';
  for (const [newCode, , olds] of departments) {
    for (const o of olds) add(`${old}-${o}`, `${oldDeptNames[o]} tỉnh ${provinceName} (cũ)`, 'department', old, '2004-01-01', MERGE_END, [`HL-${newCode}`]);
  }
}

const communeNames = [
  'Tân Phong', 'Bình Minh', 'Hòa Bình', 'Thanh Xuân', 'Phú Lộc', 'An Thịnh', 'Quang Trung', 'Hưng Đạo', 'Lê Lợi', 'Đồng Tâm',
  'Minh Khai', 'Tân Thịnh', 'Yên Thế', 'Cốc San', 'Bản Phiệt', 'Nậm Chày', 'Sơn Hải', 'Gia Phú', 'Xuân Quang', 'Phố Lu',
  'Bảo Hà', 'Kim Sơn', 'Võ Lao', 'Văn Bàn', 'Khánh Yên', 'Dương Quỳ', 'Thẩm Dương', 'Nậm Xé', 'Mường Khương', 'Pha Long',
  'Bản Lầu', 'Lùng Vai', 'Si Ma Cai', 'Sín Chéng', 'Cán Cấu', 'Lùng Phình', 'Tả Van', 'Lao Chải', 'Bản Hồ', 'Thanh Kim',
  'Mường Hum', 'Trịnh Tường', 'Y Tý', 'A Mú Sung', 'Nghĩa An', 'Nghĩa Phúc', 'Trung Tâm', 'Pú Trạng', 'Tú Lệ', 'Cao Phạ',
  'Nậm Có', 'Mù Cang Chải', 'Khao Mang', 'Chế Tạo', 'Púng Luông', 'Trạm Tấu', 'Bản Mù', 'Hát Lừu', 'Xà Hồ', 'Văn Chấn',
  'Sơn Thịnh', 'Đồng Khê', 'Cát Thịnh', 'Thượng Bằng La', 'Chấn Thịnh', 'Tân Thượng', 'Hồng Ca', 'Lương Thịnh', 'Hưng Khánh',
  'Việt Hồng', 'Cường Thịnh', 'Báo Đáp', 'Đào Thịnh', 'Hòa Cuông', 'Minh Quân', 'Vân Hội', 'Việt Thành', 'Lục Yên',
  'Yên Thắng', 'An Phú', 'Mường Lai', 'Khánh Hòa', 'Tân Lĩnh', 'Phúc Lợi', 'Động Quan', 'Trúc Lâu', 'Yên Bình', 'Thác Bà',
  'Cảm Nhân', 'Vĩnh Kiên', 'Phúc An', 'Cảm Ân', 'Bảo Ái', 'Tân Hương', 'Đại Đồng', 'Hợp Minh', 'Nam Cường', 'Âu Lâu',
  'Tuy Lộc', 'Giới Phiên', 'Văn Phú', 'Phúc Khánh', 'Bảo Yên', 'Nghĩa Đô', 'Xuân Hòa', 'Thượng Hà', 'Điện Quan', 'Long Phúc',
  'Tân Tiến', 'Việt Tiến', 'Lương Sơn', 'Minh Tân', 'Bắc Cường', 'Nam Hồng', 'Hợp Thành', 'Cam Đường', 'Vạn Hòa', 'Đông Cuông',
];
const districts = [
  ['BH', 'BH-H1', 'Huyện Bắc Hà'], ['BH', 'BH-H2', 'Huyện Bảo Thắng'], ['BH', 'BH-H3', 'Thị xã Sa Pa'],
  ['NL', 'NL-H1', 'Huyện Văn Chấn'], ['NL', 'NL-H2', 'Huyện Lục Yên'], ['NL', 'NL-H3', 'Thành phố Nghĩa Lộ'],
];
for (const [prov, code, name] of districts) add(code, `${name} (cũ)`, 'district', prov, '2004-01-01', MERGE_END, []);

// 100 new communes and wards; most absorb two or three old communes, a few are unchanged, one old commune splits.
let nameIdx = 0;
let oldIdx = 0;
const newCommunes: string[] = [];
for (let i = 1; i <= 100; i++) {
  const code = `HL-X${String(i).padStart(3, '0')}`;
  const isWard = i % 7 === 0 || i <= 6;
  const name = `${isWard ? 'Phường' : 'Xã'} ${communeNames[nameIdx++ % communeNames.length]}`;
  add(code, name, 'commune', 'HL', MERGE_START, '');
  newCommunes.push(code);
}
for (let i = 0; i < newCommunes.length; i++) {
  const district = districts[i % districts.length];
  const n = i % 10 === 9 ? 1 : rand() < 0.3 ? 3 : 2;
  for (let k = 0; k < n; k++) {
    oldIdx++;
    const code = `${district[1]}-X${String(oldIdx).padStart(3, '0')}`;
    const base = communeNames[(oldIdx * 7) % communeNames.length];
    const kind = district[2].startsWith('Thành phố') || district[2].startsWith('Thị xã') ? 'Phường' : 'Xã';
    const successors = i === 10 && k === 0 ? [newCommunes[i], newCommunes[i + 1]] : [newCommunes[i]];
    add(code, `${kind} ${base} (cũ, ${district[2].replace(/^(Huyện|Thị xã|Thành phố) /, '')})`, 'commune', district[1], '2004-01-01', MERGE_END, successors);
  }
}

writeFileSync(
  new URL('../demo/units.csv', import.meta.url),
  toCsv(['code', 'name', 'group', 'parent_code', 'valid_from', 'valid_to', 'successors'], rows),
);
console.log(`demo/units.csv: ${rows.length} units`);
