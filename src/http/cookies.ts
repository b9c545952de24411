export const SESSION_COOKIE = 'chiso_session';
export const CSRF_COOKIE = 'chiso_csrf';
