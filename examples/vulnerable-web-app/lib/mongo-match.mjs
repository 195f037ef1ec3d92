// A tiny in-memory stand-in for MongoDB's `collection.findOne(query)`, enough to show
// operator injection without running a database: a field's condition is either a plain
// value (equality) or an object of query operators, exactly as MongoDB reads it. So when an
// app copies `req.body.password` into the query and the client sends
// `{"password": {"$ne": null}}`, the condition becomes "password is not null" and matches
// every user, as it would with the real driver.

/** MongoDB's error for an operator it does not know. */
export class MongoQueryError extends Error {
  constructor(message) {
    super(message);
    this.name = 'MongoServerError';
  }
}

function isOperatorObject(value) {
  return (
    value !== null &&
    typeof value === 'object' &&
    !Array.isArray(value) &&
    Object.keys(value).length > 0 &&
    Object.keys(value).every((key) => key.startsWith('$'))
  );
}

function equals(actual, expected) {
  // Like MongoDB, a null condition also matches a missing field.
  if (expected === null) return actual === null || actual === undefined;
  if (typeof expected === 'object') return JSON.stringify(actual) === JSON.stringify(expected);
  return actual === expected;
}

function comparable(a, b) {
  // MongoDB only orders values of the same BSON type ($gt: "" matches every string).
  return (
    a !== undefined &&
    a !== null &&
    typeof a === typeof b &&
    (typeof a === 'string' || typeof a === 'number')
  );
}

function matchOperator(actual, operator, operand, conditions) {
  switch (operator) {
    case '$eq':
      return equals(actual, operand);
    case '$ne':
      return !equals(actual, operand);
    case '$gt':
      return comparable(actual, operand) && actual > operand;
    case '$gte':
      return comparable(actual, operand) && actual >= operand;
    case '$lt':
      return comparable(actual, operand) && actual < operand;
    case '$lte':
      return comparable(actual, operand) && actual <= operand;
    case '$in':
      if (!Array.isArray(operand)) throw new MongoQueryError('$in needs an array');
      return operand.some((value) => equals(actual, value));
    case '$nin':
      if (!Array.isArray(operand)) throw new MongoQueryError('$nin needs an array');
      return !operand.some((value) => equals(actual, value));
    case '$exists':
      return (actual !== undefined) === Boolean(operand);
    case '$regex': {
      let pattern;
      try {
        pattern = new RegExp(String(operand), String(conditions.$options ?? ''));
      } catch (error) {
        throw new MongoQueryError(`Regular expression is invalid: ${error.message}`);
      }
      return typeof actual === 'string' && pattern.test(actual);
    }
    case '$options':
      return true;
    default:
      throw new MongoQueryError(`unknown operator: ${operator}`);
  }
}

/** Whether one document matches a MongoDB-style query (equality or operator objects). */
export function matches(document, query) {
  return Object.entries(query).every(([field, condition]) => {
    // The Node.js driver sends `undefined` as null unless told otherwise.
    const expected = condition === undefined ? null : condition;
    const actual = document[field];
    if (!isOperatorObject(expected)) return equals(actual, expected);
    return Object.entries(expected).every(([operator, operand]) =>
      matchOperator(actual, operator, operand, expected),
    );
  });
}

/** The first document of `collection` matching `query`, like `findOne`; undefined if none. */
export function findOne(collection, query) {
  return collection.find((document) => matches(document, query));
}
