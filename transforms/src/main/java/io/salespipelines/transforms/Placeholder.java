package io.salespipelines.transforms;
class Placeholder {}
