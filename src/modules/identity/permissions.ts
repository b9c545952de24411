// Roles and what each may do. A grant binds a role to a unit (optionally with the units below it) or,
// with no unit, to the whole province. Service functions call requireAccess with one of these.
export const Permission = {
  UnitsRead: 'units.read',
  UnitsManage: 'units.manage',
  UsersManage: 'users.manage',
  AuditRead: 'audit.read',
  FrameworksRead: 'frameworks.read',
  FrameworksManage: 'frameworks.manage',
  CyclesManage: 'cycles.manage',
  AssessmentRead: 'assessment.read',
  AssessmentEdit: 'assessment.edit',
  AssessmentSubmit: 'assessment.submit',
  AssessmentAppraise: 'assessment.appraise',
  AssessmentExplain: 'assessment.explain',
  AssessmentFinalize: 'assessment.finalize',
  ResultsRead: 'results.read',
  SurveysManage: 'surveys.manage',
  SurveysRead: 'surveys.read',
  SurveysInterview: 'surveys.interview',
  OnestopImport: 'onestop.import',
  OnestopRead: 'onestop.read',
  PlansManage: 'plans.manage',
  PlansUpdate: 'plans.update',
  ReportsRead: 'reports.read',
} as const;
export type Permission = (typeof Permission)[keyof typeof Permission];

export const Role = {
  SystemAdmin: 'system_admin',
  ReformAdmin: 'reform_admin',
  Appraiser: 'appraiser',
  CouncilMember: 'council_member',
  UnitFocal: 'unit_focal',
  UnitHead: 'unit_head',
  Interviewer: 'interviewer',
  Viewer: 'viewer',
} as const;
export type Role = (typeof Role)[keyof typeof Role];
export const ALL_ROLES = Object.values(Role);

export const ROLE_LABELS: Record<Role, string> = {
  system_admin: 'Quản trị hệ thống',
  reform_admin: 'Quản trị CCHC (Sở Nội vụ)',
  appraiser: 'Thẩm định viên',
  council_member: 'Thành viên Hội đồng thẩm định',
  unit_focal: 'Cán bộ đầu mối đơn vị',
  unit_head: 'Thủ trưởng đơn vị',
  interviewer: 'Điều tra viên khảo sát',
  viewer: 'Người xem',
};

const P = Permission;
const READ_COMMON: Permission[] = [P.UnitsRead, P.FrameworksRead, P.ResultsRead, P.ReportsRead];

// A unit's self-assessment is the unit's own word: no office role, not even the system admin, writes it.
const UNIT_ONLY: Permission[] = [P.AssessmentEdit, P.AssessmentSubmit, P.AssessmentExplain];

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  system_admin: Object.values(P).filter((p) => !UNIT_ONLY.includes(p)),
  reform_admin: Object.values(P).filter((p) => p !== P.UsersManage && !UNIT_ONLY.includes(p) && p !== P.SurveysInterview),
  appraiser: [...READ_COMMON, P.AssessmentRead, P.AssessmentAppraise, P.OnestopRead, P.SurveysRead],
  council_member: [...READ_COMMON, P.AssessmentRead, P.AssessmentFinalize, P.OnestopRead, P.SurveysRead],
  unit_focal: [...READ_COMMON, P.AssessmentRead, P.AssessmentEdit, P.OnestopRead, P.SurveysRead, P.PlansUpdate],
  unit_head: [...READ_COMMON, P.AssessmentRead, P.AssessmentEdit, P.AssessmentSubmit, P.AssessmentExplain, P.OnestopRead, P.SurveysRead, P.PlansUpdate],
  interviewer: [P.UnitsRead, P.SurveysInterview],
  viewer: [...READ_COMMON, P.OnestopRead, P.SurveysRead],
};

/** Office roles see the whole province by default; unit roles are bound to their unit. */
export const UNIT_BOUND_ROLES: readonly Role[] = [Role.UnitFocal, Role.UnitHead, Role.Interviewer];

export function isRole(v: string): v is Role {
  return (ALL_ROLES as string[]).includes(v);
}
