// The contract's forgotten-card search for the signed-in guard (access 'guard', checked by
// dispatch). Cards leave masked and ID numbers not at all; the query is neither logged nor
// stored (guard operations are not audited, and this handler writes nothing).
import type { Database } from 'better-sqlite3';
import type { Handlers } from '../../contract/api';
import type { FoundPersonView } from '../../contract/operations/lookup-operations';
import type { FieldCipher } from '../privacy/field-cipher';
import { maskCard } from './lookup-query';
import { findPeople, type FoundPerson } from './person-lookup';

export function lookupHandlers(db: Database, cipher: FieldCipher): Pick<Handlers, 'findPeople'> {
  return {
    async findPeople({ query }) {
      const found = findPeople(db, cipher, query);
      return { people: found.people.map(foundPersonView), more: found.more };
    },
  };
}

function foundPersonView(person: FoundPerson): FoundPersonView {
  return {
    personId: person.id,
    name: person.name,
    kind: person.kind,
    className: person.className,
    maskedCard: maskCard(person.card),
    status: person.status,
  };
}
