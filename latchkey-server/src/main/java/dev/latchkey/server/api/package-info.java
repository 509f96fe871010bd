/** The management and verification endpoints: each class registers the routes of one resource. */
package dev.latchkey.server.api;
