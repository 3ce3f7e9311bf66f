package io.cachette.hibernate.entities;

/** A book's id and title, built by a native query's constructor result ({@link Book#AS_TITLE}). */
public record BookTitle(Long id, String title) {
}
