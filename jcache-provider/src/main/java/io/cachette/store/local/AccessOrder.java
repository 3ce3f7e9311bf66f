package io.cachette.store.local;

/**
 * The intrusive doubly linked list of the local store's nodes in access order: least recently used first,
 * most recently used last. Every operation is O(1). Not thread-safe: the store calls it only under its
 * eviction lock. It also sums the count and weight of the linked nodes, which is what the bounds limit, and
 * counts the moves that made a node the most recently used (links and moves to the end): each such node is
 * stamped with the count, so that {@code moves() - node.stamp} tells how many nodes became most recently used
 * after it (at most that many nodes are more recent than it; the count wraps, as an {@code int}).
 */
final class AccessOrder<K, V> {

    private Node<K, V> first;
    private Node<K, V> last;
    private long size;
    private long weight;
    private int moves;

    /** Appends {@code node} as the most recently used; it must not be linked already. */
    void linkLast(Node<K, V> node) {
        append(node);
        node.linked = true;
        size++;
        weight += node.weight();
    }

    /** Removes {@code node} if it is linked; {@code true} when it was. */
    boolean unlink(Node<K, V> node) {
        if (!node.linked) {
            return false;
        }
        detach(node);
        node.prev = null;
        node.next = null;
        node.linked = false;
        size--;
        weight -= node.weight();
        return true;
    }

    /** Makes a linked {@code node} the most recently used; does nothing to a node that is not linked. */
    void moveToLast(Node<K, V> node) {
        if (!node.linked || node == last) {
            return;
        }
        detach(node);
        append(node);
    }

    /** Links {@code node} after the last node and stamps it as the latest move. */
    private void append(Node<K, V> node) {
        node.prev = last;
        node.next = null;
        if (last == null) {
            first = node;
        } else {
            last.next = node;
        }
        last = node;
        node.stamp = ++moves;
    }

    /** Links the neighbours of {@code node} to each other; the node's own links are the caller's to reset. */
    private void detach(Node<K, V> node) {
        Node<K, V> p = node.prev;
        Node<K, V> n = node.next;
        if (p == null) {
            first = n;
        } else {
            p.next = n;
        }
        if (n == null) {
            last = p;
        } else {
            n.prev = p;
        }
    }

    /** The least recently used node, or {@code null}. */
    Node<K, V> first() {
        return first;
    }

    /** Nodes made most recently used so far (wrapping): the stamp the next one will get, minus one. */
    int moves() {
        return moves;
    }

    long size() {
        return size;
    }

    long weight() {
        return weight;
    }
}
