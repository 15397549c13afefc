import { ParseError, printParseErrorCode } from 'jsonc-parser';
import { MAX_DEPTH } from './depthGuard';

export function syntaxMessage(error: ParseError['error']): string {
	const code = printParseErrorCode(error);
	const friendly: Record<string, string> = {
		InvalidSymbol: 'Invalid character: this is not JSON.',
		InvalidNumberFormat: 'Invalid number.',
		PropertyNameExpected: 'A property name in double quotes is expected here.',
		ValueExpected: 'A value is expected here.',
		ColonExpected: 'A colon (:) is expected after the property name.',
		CommaExpected: 'A comma is expected between entries.',
		CloseBraceExpected: 'A closing brace (}) is expected.',
		CloseBracketExpected: 'A closing bracket (]) is expected.',
		EndOfFileExpected: 'Unexpected content after the end of the JSON value.',
		InvalidCommentToken: 'Comments are not allowed: OpenClaw reads this file with JSON.parse.',
		UnexpectedEndOfComment: 'Unterminated comment.',
		UnexpectedEndOfString: 'Unterminated string.',
		UnexpectedEndOfNumber: 'Unterminated number.',
		InvalidUnicode: 'Invalid unicode escape.',
		InvalidEscapeCharacter: 'Invalid escape character in string.',
		InvalidCharacter: 'Invalid character in string (control characters must be escaped).',
	};
	return `${friendly[code] ?? code} OpenClaw cannot load the file until this is fixed (every pairing operation fails).`;
}

export function tooDeepMessage(): string {
	return `The document is nested more than ${MAX_DEPTH} levels deep; no pairing file is. It is not checked further.`;
}
