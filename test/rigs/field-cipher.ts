// A field cipher with a fixed test key, for tests that build stores without a data folder.
import { createFieldCipher } from '../../backend/privacy/field-cipher';

export const testDataKey = Buffer.alloc(32, 7);

export const testCipher = createFieldCipher(testDataKey);
