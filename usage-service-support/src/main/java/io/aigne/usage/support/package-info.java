/**
 * What every HTTP service shares: who the caller is (token subject and roles, the admin
 * override of {@code userDid}) and RFC 9457 problem+json error answers.
 */
package io.aigne.usage.support;
