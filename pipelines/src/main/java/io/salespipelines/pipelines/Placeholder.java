package io.salespipelines.pipelines;
class Placeholder {}
